package dev.tproxy.runtime.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tproxy.model.IpPrefix;
import dev.tproxy.runtime.internal.connection.ConnectionRecord;
import dev.tproxy.runtime.internal.connection.ServiceStats;
import dev.tproxy.runtime.internal.proxyprotocol.ProxyHeaderReader;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;

/**
 * Coverage-guided fuzzing of the PROXY header path as a listener that accepts headers runs it
 * (Netty's HAProxyMessageDecoder, then the runtime's ProxyHeaderReader), from a trusted peer:
 * whatever the bytes, no exception reaches the pipeline's tail (the stage behind the reader
 * handles its own, as PrereadHandler does) and no buffer is leaked; the connection either goes on
 * or is closed.
 */
class ProxyHeaderFuzzTest {
  private static final InetSocketAddress PEER = new InetSocketAddress("10.0.0.1", 40000);
  private static final InetSocketAddress LISTENER = new InetSocketAddress("10.0.0.2", 443);

  /** An embedded channel with the addresses of a TCP connection. */
  private static final class TcpLikeChannel extends EmbeddedChannel {
    TcpLikeChannel() {
      super(false, false);
    }

    @Override
    protected SocketAddress remoteAddress0() {
      return PEER;
    }

    @Override
    protected SocketAddress localAddress0() {
      return LISTENER;
    }
  }

  @FuzzTest(maxDuration = "20s")
  void anyBytesFromATrustedPeer(byte[] bytes) throws Exception {
    ConnectionRecord record = new ConnectionRecord("front", new ServiceStats(), PEER, LISTENER);
    TcpLikeChannel ch = new TcpLikeChannel();
    ch.pipeline().addLast(new HAProxyMessageDecoder(),
        new ProxyHeaderReader(List.of(IpPrefix.parse("10.0.0.0/8")), Duration.ofSeconds(5), record),
        new ChannelInboundHandlerAdapter() { // the stage behind the header, as PrereadHandler is
          @Override
          public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
          }

          @Override
          public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
          }
        });
    ch.register();
    ByteBuf in = Unpooled.copiedBuffer(bytes);
    ch.writeInbound(in);
    ch.checkException(); // rethrows anything that reached the tail
    ch.finishAndReleaseAll();
    if (bytes.length > 0) { // an empty copy is Netty's shared EMPTY_BUFFER, which is never released
      assertThat(in.refCnt()).as("the input buffer was released").isZero();
    }
  }
}
