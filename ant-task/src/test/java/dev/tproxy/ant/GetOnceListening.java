package dev.tproxy.ant;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * An HTTP client for a proxy that Ant is about to start: it tries to connect every 100 ms until
 * the port listens (or {@code within} passes), then sends one {@code GET path} and reads the whole
 * answer. Started before Ant, because the run task returns only when the runtime has stopped.
 */
final class GetOnceListening {
  private GetOnceListening() {}

  /** The answer, or "no connection" when nothing listened in time. */
  static CompletableFuture<String> start(int port, String path, Duration within) {
    return CompletableFuture.supplyAsync(() -> {
      long deadline = System.nanoTime() + within.toNanos();
      while (System.nanoTime() < deadline) {
        try (Socket s = new Socket("127.0.0.1", port)) {
          s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
          return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
          try {
            Thread.sleep(100);
          } catch (InterruptedException ie) {
            return "interrupted";
          }
        }
      }
      return "no connection";
    });
  }
}
