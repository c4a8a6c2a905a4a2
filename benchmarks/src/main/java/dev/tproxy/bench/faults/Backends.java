package dev.tproxy.bench.faults;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The backends every proxy under test forwards to, shared by all of them so that a fault hits
 * them all at the same moment: answering backends (each sends its name at the client's first
 * bytes and ends its side) and an echo backend for the long-lived connections, which faults never touch.
 * NIO, so that the proxies are the only epoll users being tested.
 */
final class Backends implements AutoCloseable {
  static final String ECHO = "echo";
  private static final AttributeKey<Boolean> ANSWERED = AttributeKey.valueOf("fault-run-answered");

  private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final Map<String, InetSocketAddress> addresses = new LinkedHashMap<>();
  private final Map<String, Channel> answering = new LinkedHashMap<>();
  private volatile BackendFault fault = BackendFault.NONE;
  private Channel echo;

  Backends(Iterable<String> answerNames) throws InterruptedException {
    for (String name : answerNames) {
      Channel c = bind(new InetSocketAddress("127.0.0.1", 0), answerer(name));
      addresses.put(name, (InetSocketAddress) c.localAddress());
      answering.put(name, c);
    }
    echo = bind(new InetSocketAddress("127.0.0.1", 0), new Echo());
    addresses.put(ECHO, (InetSocketAddress) echo.localAddress());
  }

  Map<String, InetSocketAddress> addresses() {
    return addresses;
  }

  /** Opens a fault window, or closes it with {@link BackendFault#NONE}. */
  synchronized void fault(BackendFault next) throws InterruptedException {
    if (next == fault) {
      return;
    }
    if (next == BackendFault.DOWN) {
      for (Channel c : answering.values()) {
        c.close().sync();
      }
    } else if (fault == BackendFault.DOWN) {
      for (Map.Entry<String, Channel> e : answering.entrySet()) {
        e.setValue(bind(addresses.get(e.getKey()), answerer(e.getKey())));
      }
    }
    fault = next;
  }

  private ChannelHandler answerer(String name) {
    byte[] answer = (name + "\n").getBytes(StandardCharsets.US_ASCII);
    return new Answer(answer);
  }

  private Channel bind(InetSocketAddress at, ChannelHandler child) throws InterruptedException {
    return new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
        .option(ChannelOption.SO_BACKLOG, 4096)
        .option(ChannelOption.SO_REUSEADDR, true)
        .childHandler(child)
        .bind(at).sync().channel();
  }

  @Override
  public void close() throws InterruptedException {
    answering.values().forEach(Channel::close);
    echo.close();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
  }

  @ChannelHandler.Sharable
  private final class Answer extends ChannelInboundHandlerAdapter {
    private final byte[] answer;

    Answer(byte[] answer) {
      this.answer = answer;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      if (fault == BackendFault.RESET) {
        reset(ctx);
      }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ReferenceCountUtil.release(msg);
      if (!ctx.channel().isActive() || Boolean.TRUE.equals(ctx.channel().attr(ANSWERED).getAndSet(true))) {
        return;
      }
      if (fault == BackendFault.CUT) {
        ctx.writeAndFlush(Unpooled.wrappedBuffer(answer, 0, answer.length / 2)).addListener(f -> reset(ctx));
      } else {
        // The answer, then end of data; the connection closes at the client's end of data (Netty
        // closes at end of input), so that nothing the client still sends meets a reset.
        ctx.writeAndFlush(Unpooled.wrappedBuffer(answer))
            .addListener(f -> ((SocketChannel) ctx.channel()).shutdownOutput());
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }

    private void reset(ChannelHandlerContext ctx) {
      ctx.channel().config().setOption(ChannelOption.SO_LINGER, 0);
      ctx.close();
    }
  }

  @ChannelHandler.Sharable
  private static final class Echo extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ctx.writeAndFlush(msg);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }

}
