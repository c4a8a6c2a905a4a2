package dev.tproxy.runtime.testing;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import io.netty.handler.codec.haproxy.HAProxyMessageEncoder;
import io.netty.handler.codec.haproxy.HAProxyProtocolVersion;
import io.netty.handler.codec.haproxy.HAProxyProxiedProtocol;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The other side of PROXY protocol tests, made of Netty's own codec (codec-haproxy), so that the
 * runtime is checked against the well-kept implementation rather than against itself: header
 * bytes as {@link HAProxyMessageEncoder} writes them, and a backend that reads headers with
 * {@link HAProxyMessageDecoder}.
 */
public final class ProxyProtocolPeers {
  private ProxyProtocolPeers() {}

  /** The bytes of a PROXY header for a TCP connection from {@code source} to {@code destination}. */
  public static byte[] header(HAProxyProtocolVersion version, InetSocketAddress source, InetSocketAddress destination) {
    boolean v4 = source.getAddress() instanceof java.net.Inet4Address;
    return encode(new HAProxyMessage(version, HAProxyCommand.PROXY, v4 ? HAProxyProxiedProtocol.TCP4 : HAProxyProxiedProtocol.TCP6,
        source.getAddress().getHostAddress(), destination.getAddress().getHostAddress(), source.getPort(), destination.getPort()));
  }

  /** A v2 LOCAL header (a health check: no addresses). */
  public static byte[] localV2() {
    return encode(new HAProxyMessage(HAProxyProtocolVersion.V2, HAProxyCommand.LOCAL, HAProxyProxiedProtocol.UNKNOWN,
        null, null, 0, 0));
  }

  private static byte[] encode(HAProxyMessage m) {
    EmbeddedChannel ch = new EmbeddedChannel(HAProxyMessageEncoder.INSTANCE);
    try {
      ch.writeOutbound(m);
      ByteBuf b = ch.readOutbound();
      try {
        return ByteBufUtil.getBytes(b);
      } finally {
        b.release();
      }
    } finally {
      ch.finishAndReleaseAll();
    }
  }

  public static InetSocketAddress address(String ip, int port) {
    try {
      return new InetSocketAddress(InetAddress.getByAddress(io.netty.util.NetUtil.createByteArrayFromIpAddressString(ip)), port);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /**
   * A backend that expects a PROXY header on every connection: it answers {@code PROXY <version>
   * <source> -> <destination>} (or {@code PROXY <version> LOCAL}) and a newline, then echoes.
   */
  public static final class Backend implements AutoCloseable {
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel server;
    private final List<String> headers = new CopyOnWriteArrayList<>();

    public Backend() {
      try {
        server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
            .childHandler(new ChannelInitializer<Channel>() {
              @Override
              protected void initChannel(Channel ch) {
                ch.pipeline().addLast(new HAProxyMessageDecoder(), new Answer());
              }
            })
            .bind(InetAddress.getLoopbackAddress(), 0).sync().channel();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }

    public InetSocketAddress address() {
      return (InetSocketAddress) server.localAddress();
    }

    public String addressText() {
      return "127.0.0.1:" + address().getPort();
    }

    /** The answer line of every header received so far. */
    public List<String> headers() {
      return List.copyOf(headers);
    }

    static String describe(HAProxyMessage m) {
      String v = m.protocolVersion() == HAProxyProtocolVersion.V1 ? "v1" : "v2";
      if (m.command() == HAProxyCommand.LOCAL) {
        return "PROXY " + v + " LOCAL";
      }
      return "PROXY " + v + " " + m.proxiedProtocol() + " " + m.sourceAddress() + ":" + m.sourcePort() + " -> "
          + m.destinationAddress() + ":" + m.destinationPort();
    }

    private final class Answer extends ChannelInboundHandlerAdapter {
      @Override
      public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HAProxyMessage m) {
          String line = describe(m);
          m.release();
          headers.add(line);
          ctx.writeAndFlush(Unpooled.copiedBuffer(line + "\n", StandardCharsets.US_ASCII));
        } else {
          ctx.writeAndFlush(msg);
        }
      }

      @Override
      public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        headers.add("ERROR " + cause.getMessage());
        ctx.close();
      }
    }

    @Override
    public void close() {
      server.close().syncUninterruptibly();
      group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }
  }
}
