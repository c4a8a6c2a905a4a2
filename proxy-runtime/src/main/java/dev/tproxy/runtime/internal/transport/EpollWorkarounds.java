package dev.tproxy.runtime.internal.transport;

import io.netty.channel.IoEvent;
import io.netty.channel.IoHandle;
import io.netty.channel.IoHandler;
import io.netty.channel.IoHandlerContext;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.IoOps;
import io.netty.channel.IoRegistration;
import io.netty.channel.epoll.EpollIoHandle;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollIoOps;
import io.netty.channel.unix.FileDescriptor;
import io.netty.util.concurrent.ThreadAwareExecutor;

/**
 * Netty 4.2.18's epoll handler with two of its bugs worked around; everything else is Netty's
 * own handler. Drop this class with a Netty release that fixes both (docs/netty-epoll-bugs.md has
 * the reproductions in Netty's terms).
 *
 * <p><b>Stale events on a reused descriptor.</b> Netty finds the channel of a ready event by its
 * file-descriptor number, after epoll_wait has returned the whole batch. When handling an earlier
 * event of the batch closes socket X and opens socket Y (a new upstream connection, an accepted
 * client), Y gets X's number, the lowest free one, and X's events still waiting in the batch are
 * handed to Y. A connecting Y that is handed X's end-of-input marks its own input shut and never
 * reads its reply (a relayed connection stalls until the idle timeout; issue F1 of the
 * reliability review), and one handed X's EPOLLIN reads before it is connected
 * (NotYetConnectedException, F2). No event of a batch can be meant for a socket registered after
 * the batch was taken, so {@link Handler} drops them: it counts the batches and stamps each
 * registration with the batch it was made in.
 *
 * <p><b>An empty interest deletes the socket from the epoll set</b> (EPOLL_CTL_DEL), yet Netty
 * keeps treating it as registered, so the next interest fails with ENOENT. That happens to every
 * half-closed connection: once the peer's end of data is seen and nobody reads, no event is
 * wanted; when the reply to that peer then fills its socket buffer, Netty needs EPOLLOUT, the MOD
 * fails and the reply is cut off (ForwardTest.halfClosedClientStillReceivesALargeReplyAtItsOwnPace).
 * {@link Registration} declares "errors only" instead: EPOLLERR and EPOLLHUP are reported whatever
 * the mask says, so it means the same as an empty one, the socket stays in the set and later
 * interests are ordinary modifications. It also never asks epoll_ctl about a socket that is
 * closed already, whose number may belong to another socket by now.
 */
public final class EpollWorkarounds implements IoHandlerFactory {
  private final IoHandlerFactory netty = EpollIoHandler.newFactory();

  @Override
  public IoHandler newHandler(ThreadAwareExecutor executor) {
    return new Handler(netty.newHandler(executor));
  }

  @Override
  public boolean isChangingThreadSupported() {
    return netty.isChangingThreadSupported();
  }

  /** Netty's epoll handler, with the batch bookkeeping that recognises stale events. */
  public static final class Handler implements IoHandler {
    private final IoHandler netty;
    // Both fields are touched only by the event loop's thread: run(), register() and the event
    // handling inside run() all happen there.
    private long batch;
    private boolean inBatch;

    Handler(IoHandler netty) {
      this.netty = netty;
    }

    @Override
    public void initialize() {
      netty.initialize();
    }

    /** One epoll_wait and the handling of what it returned. */
    @Override
    public int run(IoHandlerContext context) {
      batch++;
      inBatch = true;
      try {
        return netty.run(context);
      } finally {
        inBatch = false;
      }
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
      EpollIoHandle epoll = (EpollIoHandle) handle;
      StaleEventFilter filtered = new StaleEventFilter(epoll, this, inBatch ? batch : -1);
      return new Registration(netty.register(filtered), epoll.fd());
    }

    /** Whether a registration made in {@code bornInBatch} is being handed an event of that same batch. */
    boolean isStale(long bornInBatch) {
      return inBatch && bornInBatch == batch;
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

  /** A channel's handle that ignores events taken before the channel was registered. */
  private static final class StaleEventFilter implements EpollIoHandle {
    private final EpollIoHandle channel;
    private final Handler handler;
    private final long bornInBatch;

    StaleEventFilter(EpollIoHandle channel, Handler handler, long bornInBatch) {
      this.channel = channel;
      this.handler = handler;
      this.bornInBatch = bornInBatch;
    }

    @Override
    public FileDescriptor fd() {
      return channel.fd();
    }

    @Override
    public void handle(IoRegistration registration, IoEvent event) {
      if (handler.isStale(bornInBatch)) {
        return; // meant for the socket that had this descriptor number before
      }
      channel.handle(registration, event);
    }

    @Override
    public void registered() {
      channel.registered();
    }

    @Override
    public void unregistered() {
      channel.unregistered();
    }

    @Override
    public void close() throws Exception {
      channel.close();
    }
  }

  /** Netty's registration, never asking for an empty mask nor touching a closed descriptor. */
  private static final class Registration implements IoRegistration {
    private final IoRegistration netty;
    private final FileDescriptor fd;

    Registration(IoRegistration netty, FileDescriptor fd) {
      this.netty = netty;
      this.fd = fd;
    }

    @Override
    public <T> T attachment() {
      return netty.attachment();
    }

    @Override
    public long submit(IoOps ops) {
      if (!fd.isOpen()) {
        return -1; // as Netty answers for a cancelled registration
      }
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
