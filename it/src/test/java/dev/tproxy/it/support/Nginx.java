package dev.tproxy.it.support;

import dev.tproxy.runtime.testing.NetnsTestBed;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's nginx 1.22 (with libnginx-mod-stream) as a process the test starts and stops, on
 * loopback: in the foreground, its pid file and error log in the test's directory (also the log
 * nginx writes before it has read its configuration, {@code -e}).
 */
public final class Nginx implements AutoCloseable {
  public static final String NGINX = "/usr/sbin/nginx";

  private final Process process;
  private final Path errorLog;
  private final List<String> listening;

  private Nginx(Process process, Path errorLog, List<String> listening) {
    this.process = process;
    this.errorLog = errorLog;
    this.listening = listening;
  }

  public static void requireInstalled() {
    NetnsTestBed.requireExecutable(NGINX, "nginx 1.22 (packages nginx-light, libnginx-mod-stream; scripts/install-debian-packages.sh)");
    if (!Files.exists(Path.of("/usr/lib/nginx/modules/ngx_stream_module.so"))) {
      throw new AssertionError("nginx's stream module is missing: install libnginx-mod-stream (scripts/install-debian-packages.sh)");
    }
  }

  /**
   * Generates the nginx files of {@code topology} into {@code dir/name}, its pid file and error log
   * in {@code dir}, and the workers running as root (certificates chosen by {@code $ssl_server_name}
   * are read per handshake by the workers, and the test's keys are root's, 0600); then starts it
   * and waits until it listens on {@code listening}.
   */
  public static Nginx generateAndStart(dev.tproxy.model.Topology topology, Path dir, String name, List<String> listening) {
    Path out = dir.resolve(name);
    new dev.tproxy.generate.GeneratedFilesWriter().write(dev.tproxy.generate.Generator.generate(topology,
        dev.tproxy.generate.GeneratorOptions.builder()
            .nginxConfigDirectory(out.resolve("nginx"))
            .nginxPidFile(dir.resolve(name + ".pid"))
            .nginxErrorLog(dir.resolve(name + "-error.log"))
            .nginxUser("root")
            .build()), out);
    return start(out.resolve("nginx/nginx.conf"), dir.resolve(name + "-error.log"), listening);
  }

  /**
   * Checks {@code config} with {@code nginx -t}, starts it and waits until it listens on every
   * address of {@code listening} ({@code ip:port}).
   */
  public static Nginx start(Path config, Path errorLog, List<String> listening) {
    requireInstalled();
    String test = NetnsTestBed.run(NGINX, "-t", "-e", errorLog.toString(), "-c", config.toString());
    if (!test.contains("test is successful")) {
      throw new AssertionError("nginx -t refused " + config + ": " + test);
    }
    try {
      Process p = new ProcessBuilder(NGINX, "-e", errorLog.toString(), "-c", config.toString(), "-g", "daemon off;")
          .redirectErrorStream(true).redirectOutput(errorLog.resolveSibling("nginx.out").toFile()).start();
      Nginx nginx = new Nginx(p, errorLog, List.copyOf(listening));
      try {
        for (String address : listening) {
          Listening.await(null, address, "nginx (error log: " + errorLog + ")");
        }
      } catch (AssertionError e) {
        nginx.close();
        throw e;
      }
      return nginx;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String errorLog() {
    try {
      return Files.exists(errorLog) ? Files.readString(errorLog) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Stops nginx (its master and workers) and waits until its ports are free. */
  @Override
  public void close() {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (System.nanoTime() < deadline) {
        String sockets = NetnsTestBed.run("ss", "-Hltn");
        if (listening.stream().noneMatch(a -> sockets.contains(" " + a + " "))) {
          return;
        }
        Thread.sleep(50);
      }
      throw new AssertionError("nginx still listens after it was stopped");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
