package dev.tproxy.runtime.internal.transport;

import io.netty.channel.IoHandle;
import io.netty.channel.IoHandler;
import io.netty.channel.IoHandlerContext;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.IoOps;
import io.netty.channel.IoRegistration;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollIoOps;
import io.netty.util.concurrent.ThreadAwareExecutor;

/**
 * Netty 4.2.18's epoll registration removes a socket from the epoll set (EPOLL_CTL_DEL) when the
 * channel wants no event any more, but keeps believing it is registered, so the next interest it
 * declares fails with ENOENT (EPOLL_CTL_MOD of an unknown fd). That happens to every half-closed
 * connection: once the peer's end of data is seen and nobody reads, no event is wanted; when the
 * reply to that peer then fills its socket buffer, Netty needs EPOLLOUT, the MOD fails and the
 * reply is cut off (ForwardTest.halfClosedClientStillReceivesALargeReplyAtItsOwnPace).
 *
 * <p>This factory wraps Netty's epoll handler so that "no event" is declared as "errors only"
 * instead: the socket stays in the set (EPOLLERR and EPOLLHUP are reported whatever the mask
 * says, so the mask means the same as an empty one) and later interests are ordinary
 * modifications. Everything else is Netty's own handler. Drop this class with a Netty release
 * whose registration modifies instead of deleting.
 */
public final class EpollInterestFix implements IoHandlerFactory {
  private final IoHandlerFactory netty = EpollIoHandler.newFactory();

  @Override
  public IoHandler newHandler(ThreadAwareExecutor executor) {
    return new Handler(netty.newHandler(executor));
  }

  @Override
  public boolean isChangingThreadSupported() {
    return netty.isChangingThreadSupported();
  }

  /** Netty's epoll handler with registrations that never ask for an empty mask. */
  public static final class Handler implements IoHandler {
    private final IoHandler netty;

    Handler(IoHandler netty) {
      this.netty = netty;
    }

    @Override
    public void initialize() {
      netty.initialize();
    }

    @Override
    public int run(IoHandlerContext context) {
      return netty.run(context);
    }

    @Override
    public void prepareToDestroy() {
      netty.prepareToDestroy();
    }

    @Override
    public void destroy() {
      netty.destroy();
    }

    @Override
    public IoRegistration register(IoHandle handle) throws Exception {
      return new Registration(netty.register(handle));
    }

    @Override
    public void wakeup() {
      netty.wakeup();
    }

    @Override
    public boolean isCompatible(Class<? extends IoHandle> handleType) {
      return netty.isCompatible(handleType);
    }
  }

  private static final class Registration implements IoRegistration {
    private final IoRegistration netty;

    Registration(IoRegistration netty) {
      this.netty = netty;
    }

    @Override
    public <T> T attachment() {
      return netty.attachment();
    }

    @Override
    public long submit(IoOps ops) {
      if (ops instanceof EpollIoOps epoll && epoll.value() == EpollIoOps.NONE.value()) {
        return netty.submit(EpollIoOps.EPOLLERR);
      }
      return netty.submit(ops);
    }

    @Override
    public boolean isValid() {
      return netty.isValid();
    }

    @Override
    public boolean cancel() {
      return netty.cancel();
    }
  }
}
