package dev.tproxy.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tproxy.model.Service;
import dev.tproxy.model.Topology;
import dev.tproxy.runtime.testing.Eventually;
import dev.tproxy.runtime.testing.TestBackend;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * An upstream that resets its connection while the relay holds back for a slow client: the
 * client's connection must end too, not wait for bytes that will never come.
 *
 * <p>Not on IO_URING: on Netty 4.2.18 an io_uring channel that is not being read never
 * reports its peer's reset, even after read() is asked for again, and the client waits until the
 * idle timeout. That is why {@link TransportKind#AUTO} takes epoll (docs/netty-epoll-bugs.md).
 */
class UpstreamResetTest {
  /** More than the client's side holds (its small receive buffer, the runtime's send buffer), less than both sides. */
  static final int TOTAL = 8 << 20;

  /** With the default transport, AUTO, which is epoll here. */
  @Test
  void aResetWhileTheRelayHoldsBackEndsTheClientsConnection() throws Exception {
    CompletableFuture<Void> resetSent = new CompletableFuture<>();
    TestBackend.Behaviour sendThenReset = (s, c) -> {
      InputStream in = s.getInputStream();
      int b;
      while ((b = in.read()) != '\n' && b >= 0) {
        // the request line
      }
      OutputStream out = s.getOutputStream();
      byte[] chunk = new byte[65536];
      for (int sent = 0; sent < TOTAL; sent += chunk.length) {
        out.write(chunk);
      }
      s.setSoLinger(true, 0);  // close() sends RST
      s.close();
      resetSent.complete(null);
    };
    try (TestBackend backend = new TestBackend("resets", sendThenReset).start()) {
      Topology t = Topology.builder("reset").backend("resets", backend.addressText())
          .service(Service.builder("front").listen("127.0.0.1:0").forward("resets")).build();
      try (TproxyRuntime runtime = TproxyRuntime.start(t);
          Socket client = new Socket()) {
        client.setReceiveBufferSize(64 << 10);
        client.connect(runtime.boundAddress("front"), 5_000);
        client.getOutputStream().write("GIVE ME EVERYTHING\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        // The client reads nothing until the backend has written all and reset: by then the
        // relay is holding back, its client side full.
        resetSent.get(20, TimeUnit.SECONDS);
        client.setSoTimeout(10_000);
        long read = 0;
        byte[] buf = new byte[65536];
        try {
          int n;
          while ((n = client.getInputStream().read(buf)) > 0) {
            read += n;
          }
        } catch (SocketTimeoutException e) {
          throw new AssertionError("the client's connection stayed open after the upstream reset; it had " + read
              + " of " + TOTAL + " bytes", e);
        } catch (java.io.IOException reset) {
          // a reset passed on is an ending too
        }
        assertThat(read).isLessThanOrEqualTo(TOTAL);
        Eventually.await("the runtime closed both sides", () -> runtime.openConnections() == 0);
        assertThat(runtime.counters("front").closed()).isEqualTo(1);
      }
    }
  }
}
