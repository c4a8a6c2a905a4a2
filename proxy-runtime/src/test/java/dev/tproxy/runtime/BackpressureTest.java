package dev.tproxy.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tproxy.model.Service;
import dev.tproxy.model.Topology;
import dev.tproxy.runtime.testing.Eventually;
import dev.tproxy.runtime.testing.TestBackend;
import dev.tproxy.runtime.testing.TestClient;
import dev.tproxy.runtime.testing.TproxyExtension;
import io.netty.buffer.ByteBufAllocatorMetric;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fast sender and a reader that does not read: the runtime must stop reading the sender, not
 * buffer what it sends. Measured, not timed: the runtime's own allocator reports the bytes it
 * holds (an unpooled allocator counts live buffers exactly), and the sender sees how far it got.
 */
class BackpressureTest {
  private static final Logger LOG = LoggerFactory.getLogger(BackpressureTest.class);
  private static final long TOTAL = 64L * 1024 * 1024;
  /** Write-buffer high-water mark (64 KiB) and one read (at most 64 KiB) per direction, with slack. */
  private static final long BOUND = 1024 * 1024;

  private static final UnpooledByteBufAllocator ALLOCATOR = new UnpooledByteBufAllocator(true);
  private static final AtomicLong uploadReceived = new AtomicLong();
  private static final CompletableFuture<Void> uploadMayRead = new CompletableFuture<>();

  @RegisterExtension @Order(1) static final TestBackend blaster = new TestBackend("blaster", TestBackend.blast(TOTAL));
  @RegisterExtension @Order(1) static final TestBackend tlsBlaster = new TestBackend("tls-blaster", TestBackend.blast(TOTAL));
  static dev.tproxy.runtime.testing.TestPki pki;
  @RegisterExtension @Order(1) static final TestBackend slowSink = new TestBackend("slow-sink", (s, c) -> {
    uploadMayRead.join();
    InputStream in = s.getInputStream();
    byte[] buf = new byte[65536];
    int n;
    while ((n = in.read(buf)) > 0) {
      uploadReceived.addAndGet(n);
    }
  });

  @RegisterExtension @Order(2)
  static final TproxyExtension proxy = new TproxyExtension() {
    @Override
    protected Topology topology() {
      try {
        pki = dev.tproxy.runtime.testing.TestPki.create(java.nio.file.Files.createTempDirectory("tproxy-backpressure"), "bp CA");
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      dev.tproxy.runtime.testing.TestPki.Pair cert = pki.server("tls", "tls.example.test");
      return Topology.builder("backpressure")
          .backend("blaster", blaster.addressText())
          .backend("tls-blaster", tlsBlaster.addressText())
          .backend("slow-sink", slowSink.addressText())
          .service(Service.builder("download").listen("127.0.0.1:0").forward("blaster"))
          .service(Service.builder("tls-download").listen("127.0.0.1:0")
              .tlsTerminate("tls-blaster", t -> t.certificate(cert.certificate(), cert.key())))
          .service(Service.builder("upload").listen("127.0.0.1:0").forward("slow-sink"))
          .build();
    }

    @Override
    protected RuntimeOptions options(RuntimeOptions.Builder builder) {
      return super.options(builder.allocator(ALLOCATOR).ioThreads(1));
    }
  };

  @org.junit.jupiter.api.AfterAll
  static void removeCertificates() throws IOException {
    if (pki != null) {
      try (var files = java.nio.file.Files.walk(pki.dir())) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }

  private static long held() {
    ByteBufAllocatorMetric m = ALLOCATOR.metric();
    return m.usedDirectMemory() + m.usedHeapMemory();
  }

  @Test
  void slowClientStopsTheBackendInsteadOfFillingMemory() throws IOException {
    try (TestClient c = proxy.connect("download")) {
      TestBackend.Connection backendSide = blaster.awaitConnections(1, Duration.ofSeconds(5)).get(0);
      // Let the backend push until every buffer on the way is full and it blocks.
      awaitStalled("the backend is blocked", backendSide::sent);
      long sentWhileStalled = backendSide.sent();
      long heldWhileStalled = held();
      LOG.info("download stalled: backend sent {} of {} bytes, runtime holds {} bytes", sentWhileStalled, TOTAL,
          heldWhileStalled);
      assertThat(sentWhileStalled).as("the backend could not push all it has").isLessThan(TOTAL);
      assertThat(heldWhileStalled).as("bytes the runtime holds for a reader that does not read").isLessThan(BOUND);

      // Now read everything: all of it arrives, in order, and the runtime's memory never grew.
      InputStream in = c.socket().getInputStream();
      byte[] buf = new byte[65536];
      long position = 0;
      long maxHeld = 0;
      while (position < TOTAL) {
        int n = in.read(buf);
        if (n < 0) {
          break;
        }
        for (int i = 0; i < n; i++) {
          if (buf[i] != (byte) ((position + i) % 251)) {
            throw new AssertionError("byte " + (position + i) + " is wrong");
          }
        }
        position += n;
        maxHeld = Math.max(maxHeld, held());
      }
      LOG.info("download drained: {} bytes in order, runtime held at most {} bytes meanwhile", position, maxHeld);
      assertThat(position).isEqualTo(TOTAL);
      assertThat(maxHeld).isLessThan(BOUND);
    }
  }

  @Test
  void throughTlsASlowClientStopsTheBackendToo() throws IOException {
    try (javax.net.ssl.SSLSocket c = dev.tproxy.runtime.testing.JdkTlsClient.connect(proxy.address("tls-download"),
        pki.caFile(), "tls.example.test")) {
      TestBackend.Connection backendSide = tlsBlaster.awaitConnections(1, Duration.ofSeconds(5)).get(0);
      awaitStalled("the backend is blocked behind TLS", backendSide::sent);
      long heldWhileStalled = held();
      LOG.info("TLS download stalled: backend sent {} of {} bytes, runtime holds {} bytes", backendSide.sent(), TOTAL,
          heldWhileStalled);
      assertThat(backendSide.sent()).isLessThan(TOTAL);
      assertThat(heldWhileStalled).as("bytes the runtime holds, TLS records included").isLessThan(BOUND);
      InputStream in = c.getInputStream();
      byte[] buf = new byte[65536];
      long position = 0;
      long maxHeld = 0;
      while (position < TOTAL) {
        int n = in.read(buf);
        assertThat(n).as("at " + position).isPositive();
        for (int i = 0; i < n; i++) {
          if (buf[i] != (byte) ((position + i) % 251)) {
            throw new AssertionError("byte " + (position + i) + " is wrong");
          }
        }
        position += n;
        maxHeld = Math.max(maxHeld, held());
      }
      LOG.info("TLS download drained: runtime held at most {} bytes meanwhile", maxHeld);
      assertThat(maxHeld).isLessThan(BOUND);
    }
  }

  @Test
  void slowBackendStopsTheClient() throws Exception {
    try (TestClient c = proxy.connect("upload")) {
      AtomicLong written = new AtomicLong();
      CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
        try {
          OutputStream out = c.socket().getOutputStream();
          byte[] chunk = new byte[65536];
          while (written.get() < TOTAL) {
            out.write(chunk);
            written.addAndGet(chunk.length);
          }
          c.socket().shutdownOutput();
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
      awaitStalled("the client is blocked", written::get);
      LOG.info("upload stalled: client wrote {} of {} bytes, runtime holds {} bytes", written.get(), TOTAL, held());
      assertThat(written.get()).isLessThan(TOTAL);
      assertThat(held()).isLessThan(BOUND);
      uploadMayRead.complete(null);
      writer.get();
      Eventually.await("everything arrived", Duration.ofSeconds(30), () -> uploadReceived.get() == TOTAL);
    }
  }

  /** Waits until a sender's byte count stops moving for 200 ms: every buffer on its way is full. */
  private static void awaitStalled(String what, LongSupplier sent) {
    long[] last = {-1};
    Eventually.await(what, Duration.ofSeconds(20), () -> {
      long now = sent.getAsLong();
      boolean stalled = now == last[0];
      last[0] = now;
      TestBackend.sleep(200);
      return stalled;
    });
  }
}
