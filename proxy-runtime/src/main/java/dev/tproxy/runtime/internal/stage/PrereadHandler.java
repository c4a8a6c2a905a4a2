package dev.tproxy.runtime.internal.stage;

import dev.tproxy.runtime.internal.Causes;
import dev.tproxy.runtime.internal.Reads;
import dev.tproxy.runtime.internal.connection.ConnectionRecord;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Reads a new connection until its stage can decide where it goes, then hands it to the {@link
 * Dispatcher}. The channel has AUTO_READ off and this handler asks for each read; but epoll
 * still delivers data and end of input when the client half-closes (Netty reads on EPOLLRDHUP),
 * so after the decision it keeps collecting until the dispatcher takes the bytes.
 */
public final class PrereadHandler extends ChannelInboundHandlerAdapter {
  private final RouteDecider decider;
  private final Dispatcher dispatcher;
  private final ConnectionRecord record;
  private final int limit;
  private ByteBuf received = Unpooled.EMPTY_BUFFER;
  private ScheduledFuture<?> timer;
  private boolean decided;
  /** When the stage saw the connection: its decision time is counted from here. */
  private long startNanos;

  public PrereadHandler(RouteDecider decider, Dispatcher dispatcher, ConnectionRecord record, int limit) {
    this.decider = decider;
    this.dispatcher = dispatcher;
    this.record = record;
    this.limit = limit;
  }

  /**
   * The bytes read so far, handed over once; from now on the handler only waits for the
   * dispatcher to remove it.
   */
  public ByteBuf takeReceived() {
    ByteBuf bytes = received;
    received = Unpooled.EMPTY_BUFFER;
    return bytes;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    startNanos = System.nanoTime();
    apply(ctx, decider.onConnect());
    if (!decided) {
      decider.timeout().ifPresent(t ->
          timer = ctx.executor().schedule(() -> onTimeout(ctx), t.toNanos(), TimeUnit.NANOSECONDS));
      ctx.read();
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof ByteBuf buf)) {
      ReferenceCountUtil.release(msg);
      return;
    }
    int before = received.readableBytes();
    received = ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(ctx.alloc(), received, buf);
    if (decided) {
      return; // collected for the dispatcher
    }
    Decision d = decider.onData(received, before);
    if (d instanceof Decision.NeedMore && received.readableBytes() >= limit) {
      d = decider.onLimit(received);
    }
    apply(ctx, d);
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    if (!decided) {
      Reads.readUnlessShut(ctx.channel());
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt == ChannelInputShutdownEvent.INSTANCE) {
      record.clientInputEnded();
      if (!decided) {
        apply(ctx, decider.onEndOfInput(received));
      }
      return;
    }
    ctx.fireUserEventTriggered(evt);
  }

  private void onTimeout(ChannelHandlerContext ctx) {
    if (!decided && ctx.channel().isActive()) {
      apply(ctx, decider.onTimeout(received));
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    record.closeReason("client error while prereading: " + Causes.describe(cause));
    ctx.close();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (!decided) {
      record.closeReason(received.isReadable() ? "client closed before a decision" : "client closed before sending anything");
    }
    stop();
    ctx.fireChannelInactive();
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    stop();
  }

  private void apply(ChannelHandlerContext ctx, Decision d) {
    if (d instanceof Decision.NeedMore) {
      return;
    }
    decided = true;
    record.decided(System.nanoTime() - startNanos);
    cancelTimer();
    if (d instanceof Decision.Close close) {
      record.closeReason(close.reason());
      stop();
      ctx.close();
    } else if (d instanceof Decision.Route route) {
      dispatcher.dispatch(ctx, route, this, record);
    }
  }

  private void cancelTimer() {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }

  private void stop() {
    cancelTimer();
    ReferenceCountUtil.safeRelease(received);
    received = Unpooled.EMPTY_BUFFER;
  }
}
