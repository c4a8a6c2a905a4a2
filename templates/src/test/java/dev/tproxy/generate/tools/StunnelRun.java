package dev.tproxy.generate.tools;

import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Starts stunnel, waits for "Configuration successful" on its log, and stops it again. */
final class StunnelRun {
  private StunnelRun() {}

  static void expectConfigured(List<String> command) {
    Process p;
    try {
      p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getOutputStream().close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    StringBuilder log = new StringBuilder();
    CompletableFuture<Boolean> configured = CompletableFuture.supplyAsync(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          synchronized (log) {
            log.append(line).append('\n');
          }
          if (line.contains("Configuration successful")) {
            return true;
          }
        }
        return false;
      } catch (IOException e) {
        return false;
      }
    });
    try {
      if (!configured.get(20, TimeUnit.SECONDS)) {
        p.waitFor(5, TimeUnit.SECONDS);
        fail("stunnel refused the configuration:\n" + log);
      }
    } catch (TimeoutException e) {
      fail("stunnel did not report its configuration within 20 s:\n" + log);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } finally {
      // Only the process this test started (and its children) is stopped.
      p.descendants().forEach(ProcessHandle::destroy);
      p.destroy();
      try {
        if (!p.waitFor(5, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
