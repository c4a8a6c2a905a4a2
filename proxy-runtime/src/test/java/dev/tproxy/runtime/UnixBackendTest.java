package dev.tproxy.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tproxy.model.Backend;
import dev.tproxy.model.Service;
import dev.tproxy.model.Topology;
import dev.tproxy.runtime.testing.TestClient;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A backend on a unix stream socket, over both transports. */
class UnixBackendTest {

  @ParameterizedTest
  @EnumSource(value = TransportKind.class, names = {"EPOLL", "IO_URING", "NIO"})
  void forwardsToAUnixSocket(TransportKind transport, @TempDir Path dir) throws Exception {
    Path socket = dir.resolve("backend.sock");
    try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      server.bind(UnixDomainSocketAddress.of(socket));
      Thread backend = new Thread(() -> serveOnce(server), "unix-backend");
      backend.setDaemon(true);
      backend.start();
      Topology t = Topology.builder("unix")
          .backend(Backend.unix("local-app", socket))
          .service(Service.builder("front").listen("127.0.0.1:0").forward("local-app"))
          .build();
      try (TproxyRuntime r = TproxyRuntime.start(t, RuntimeOptions.builder().transport(transport).build());
          TestClient c = TestClient.connect(r.boundAddress("front"))) {
        c.send("over a unix socket");
        assertThat(new String(c.read(24), StandardCharsets.US_ASCII)).isEqualTo("unix: over a unix socket");
      }
      backend.join(5000);
    }
  }

  private static void serveOnce(ServerSocketChannel server) {
    try (SocketChannel s = server.accept()) {
      ByteBuffer buf = ByteBuffer.allocate(18);
      while (buf.hasRemaining() && s.read(buf) > 0) {
        // read the whole greeting
      }
      buf.flip();
      s.write(ByteBuffer.wrap("unix: ".getBytes(StandardCharsets.US_ASCII)));
      s.write(buf);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
