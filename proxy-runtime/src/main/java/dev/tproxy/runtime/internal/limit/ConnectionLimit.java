package dev.tproxy.runtime.internal.limit;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * At most {@code max} connections at once for a service or a route (sslh's {@code
 * max_connections}). Shared by the event loops of a runtime, so the count is atomic; a
 * connection that finds it full is closed at once by whoever asked.
 */
public final class ConnectionLimit {
  /** No limit: every acquire succeeds and nothing is counted. */
  public static final ConnectionLimit NONE = new ConnectionLimit("", Integer.MAX_VALUE);

  private final String what;
  private final int max;
  private final AtomicInteger open = new AtomicInteger();

  /** @param what for the log, e.g. {@code service front} or {@code route probe ssh -> sshd} */
  public ConnectionLimit(String what, int max) {
    if (max < 1) {
      throw new IllegalArgumentException("a connection limit is at least 1, not " + max);
    }
    this.what = what;
    this.max = max;
  }

  /** Takes a place; false when all {@code max} are taken. Each successful call needs one {@link #release()}. */
  public boolean tryAcquire() {
    if (this == NONE) {
      return true;
    }
    while (true) {
      int n = open.get();
      if (n >= max) {
        return false;
      }
      if (open.compareAndSet(n, n + 1)) {
        return true;
      }
    }
  }

  public void release() {
    if (this != NONE) {
      open.decrementAndGet();
    }
  }

  public int max() {
    return max;
  }

  /** Why a connection was refused, for its log line. */
  public String refusal() {
    return "max-connections " + max + " of " + what + " reached, closed at once";
  }
}
