package dev.tproxy.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tproxy.model.Backend;
import dev.tproxy.model.Probe;
import dev.tproxy.model.Service;
import dev.tproxy.model.Topology;
import dev.tproxy.runtime.testing.ClientHellos;
import dev.tproxy.runtime.testing.Eventually;
import dev.tproxy.runtime.testing.TestBackend;
import dev.tproxy.runtime.testing.TestClient;
import dev.tproxy.runtime.testing.TproxyExtension;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An embedding server shares one port with ssh: TLS clients reach a handler in this JVM through
 * its own pipeline, with the ClientHello the demux read replayed, and no loopback hop.
 */
class InProcessTest {
  /** What the embedded "server" saw: each channel's remote address and whether it became active. */
  static final List<String> seen = new CopyOnWriteArrayList<>();

  @RegisterExtension @Order(1) static final TestBackend sshd = new TestBackend("sshd", TestBackend.announceAndEcho("sshd"));

  /** The embedder's pipeline: answers "app saw N bytes" after each batch, echoing nothing else. */
  static final ChannelInitializer<Channel> APP = new ChannelInitializer<>() {
    @Override
    protected void initChannel(Channel ch) {
      ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
        private long total;

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
          seen.add("active " + ((InetSocketAddress) ctx.channel().remoteAddress()).getPort());
          ctx.fireChannelActive();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
          ByteBuf b = (ByteBuf) msg;
          if (total == 0) {
            seen.add("first byte " + b.getUnsignedByte(b.readerIndex()));
          }
          total += b.readableBytes();
          b.release();
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
          ctx.writeAndFlush(Unpooled.copiedBuffer("app saw " + total + " bytes\n", StandardCharsets.US_ASCII));
        }
      });
    }
  };

  @RegisterExtension @Order(2)
  static final TproxyExtension proxy = new TproxyExtension() {
    @Override
    protected Topology topology() {
      return Topology.builder("in-process")
          .backend("sshd", sshd.addressText())
          .backend(Backend.inProcess("app"))
          .service(Service.builder("port443").listen("127.0.0.1:0")
              .demux(d -> d.rule(Probe.SSH, "sshd").rule(Probe.TLS, "app").probeTimeout(Duration.ofSeconds(2))))
          .build();
    }

    @Override
    protected RuntimeOptions options(RuntimeOptions.Builder builder) {
      return super.options(builder.inProcessTarget("app", APP));
    }
  };

  @Test
  void tlsGoesToTheEmbeddedHandlerWithTheHelloReplayed() {
    byte[] hello = ClientHellos.jdk("app.example", "h2");
    try (TestClient c = proxy.connect("port443")) {
      c.sendInPieces(hello, 100, 5);
      String line = "";
      // the hello came in pieces: the app answers per batch until it has seen all of it
      while (!line.equals("app saw " + hello.length + " bytes")) {
        line = c.readLine();
      }
      c.send("more");
      assertThat(c.readLine()).isEqualTo("app saw " + (hello.length + 4) + " bytes");
      assertThat(seen).contains("active " + c.localAddress().getPort(), "first byte 22");
    }
    Eventually.await("counted", () -> proxy.counters("port443").routedTo("app") >= 1);
    assertThat(proxy.counters("port443").bytesFromClients()).isGreaterThanOrEqualTo(hello.length + 4);
  }

  @Test
  void sshStillGoesToSshd() {
    try (TestClient c = proxy.connect("port443")) {
      c.send("SSH-2.0-test\r\n");
      assertThat(c.readLine()).startsWith("BACKEND sshd");
    }
  }

  @Test
  void startFailsWithoutTheHandlerOrWithAnUnknownOne() {
    Topology t = Topology.builder("missing")
        .backend(Backend.inProcess("app"))
        .service(Service.builder("front").listen("127.0.0.1:0").forward("app"))
        .build();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> TproxyRuntime.start(t))
        .isInstanceOf(TproxyStartException.class)
        .hasMessageContaining("backend \"app\" is in-process but no handler is registered");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> TproxyRuntime.start(t,
            RuntimeOptions.builder().inProcessTarget("app", APP).inProcessTarget("ap", APP).build()))
        .isInstanceOf(TproxyStartException.class)
        .hasMessageContaining("no in-process backend of that name");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> TproxyRuntime.start(t,
            RuntimeOptions.builder().inProcessTarget("app", new ChannelInboundHandlerAdapter()).build()))
        .isInstanceOf(TproxyStartException.class)
        .hasMessageContaining("must be @Sharable");
  }
}
