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
import java.util.concurrent.atomic.AtomicLong;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.uring.IoUring;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * An upstream that resets its connection while the relay holds back for a slow client: the
 * client's connection must end too, not wait for bytes that will never come.
 *
 * <p>On every transport where it is available. On IO_URING it needs the relay's own check
 * ({@code RelayHandler}): Netty 4.2.18's io_uring channel drains a reset socket while the relay
 * holds back but stops before the read that would fail, and never reports the reset
 * (docs/netty-epoll-bugs.md §3).
 */
class UpstreamResetTest {
  @ParameterizedTest
  @EnumSource(value = TransportKind.class, names = {"EPOLL", "IO_URING", "NIO"})
  void aResetWhileTheRelayHoldsBackEndsTheClientsConnection(TransportKind transport) throws Exception {
    requireAvailable(transport);
    CompletableFuture<Long> resetSent = new CompletableFuture<>();
    // The backend writes until its writes stop moving: then every buffer on the way is full, the
    // relay is holding back for the client that reads nothing, and the backend resets.
    TestBackend.Behaviour sendThenReset = (s, c) -> {
      InputStream in = s.getInputStream();
      int b;
      while ((b = in.read()) != '\n' && b >= 0) {
        // the request line
      }
      s.setSoLinger(true, 0);  // close() sends RST
      AtomicLong written = new AtomicLong();
      Thread writer = new Thread(() -> {
        byte[] chunk = new byte[16384];
        try {
          OutputStream out = s.getOutputStream();
          while (true) {
            out.write(chunk);
            written.addAndGet(chunk.length);
          }
        } catch (java.io.IOException closedUnderIt) {
          // the reset below
        }
      }, "resets-writer");
      writer.start();
      long seen = -1;
      while (written.get() != seen) {
        seen = written.get();
        TestBackend.sleep(1000);
      }
      s.close();
      resetSent.complete(seen);
    };
    try (TestBackend backend = new TestBackend("resets", sendThenReset).start()) {
      Topology t = Topology.builder("reset").backend("resets", backend.addressText())
          .service(Service.builder("front").listen("127.0.0.1:0").forward("resets")).build();
      try (TproxyRuntime runtime = TproxyRuntime.start(t, RuntimeOptions.builder().transport(transport).build());
          Socket client = new Socket()) {
        client.setReceiveBufferSize(64 << 10);
        client.connect(runtime.boundAddress("front"), 5_000);
        client.getOutputStream().write("GIVE ME EVERYTHING\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        // The client reads nothing until the backend has reset.
        long sent = resetSent.get(60, TimeUnit.SECONDS);
        long read = readToTheEnd(client, 10_000, "the client's connection, after the upstream reset (" + sent + " bytes sent)");
        assertThat(read).isLessThanOrEqualTo(sent);
        Eventually.await("the runtime closed both sides", () -> runtime.openConnections() == 0);
        assertThat(runtime.counters("front").closed()).isEqualTo(1);
      }
    }
  }

  /**
   * An upstream that resets right after its last bytes (an abort, or a close with unread input),
   * the relay reading all along: on io_uring the read that takes those bytes sees an empty socket
   * and, with Netty's multishot POLLIN poll, nothing reported the reset (20 stalls out of 20).
   */
  @ParameterizedTest
  @EnumSource(value = TransportKind.class, names = {"EPOLL", "IO_URING", "NIO"})
  void aResetRightAfterTheLastBytesEndsTheClientsConnection(TransportKind transport) throws Exception {
    requireAvailable(transport);
    TestBackend.Behaviour answerThenReset = (s, c) -> {
      InputStream in = s.getInputStream();
      int b;
      while ((b = in.read()) != '\n' && b >= 0) {
        // the request line
      }
      s.setSoLinger(true, 0);
      s.getOutputStream().write(new byte[200_000]);
      s.close();
    };
    try (TestBackend backend = new TestBackend("aborts", answerThenReset).start()) {
      Topology t = Topology.builder("abort").backend("aborts", backend.addressText())
          .service(Service.builder("front").listen("127.0.0.1:0").forward("aborts")).build();
      try (TproxyRuntime runtime = TproxyRuntime.start(t, RuntimeOptions.builder().transport(transport).build())) {
        for (int i = 0; i < 5; i++) {
          try (Socket client = new Socket()) {
            client.connect(runtime.boundAddress("front"), 5_000);
            client.getOutputStream().write("GO\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            readToTheEnd(client, 5_000, "connection " + i + ", after the upstream reset");
          }
        }
        Eventually.await("the runtime closed every connection", () -> runtime.openConnections() == 0);
        assertThat(runtime.counters("front").closed()).isEqualTo(5);
      }
    }
  }

  /** Fails with what is missing: this test is about each transport, and one not here is not tested. */
  private static void requireAvailable(TransportKind transport) {
    if (transport == TransportKind.EPOLL) {
      assertThat(Epoll.isAvailable()).as("native epoll (Linux x86_64) is needed: %s", Epoll.unavailabilityCause()).isTrue();
    } else if (transport == TransportKind.IO_URING) {
      assertThat(IoUring.isAvailable()).as("io_uring (Linux 5.14+, not disabled by kernel.io_uring_disabled) is needed: %s",
          IoUring.unavailabilityCause()).isTrue();
    }
  }

  /** Reads until the end (EOF, or a reset passed on, which is an ending too); how many bytes came. */
  private static long readToTheEnd(Socket client, int timeoutMillis, String what) throws java.io.IOException {
    client.setSoTimeout(timeoutMillis);
    long read = 0;
    byte[] buf = new byte[65536];
    try {
      int n;
      while ((n = client.getInputStream().read(buf)) > 0) {
        read += n;
      }
    } catch (SocketTimeoutException e) {
      throw new AssertionError(what + " stayed open, with " + read + " bytes read", e);
    } catch (java.io.IOException reset) {
      // a reset passed on is an ending too
    }
    return read;
  }
}
