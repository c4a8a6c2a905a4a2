package dev.tproxy.bench.faults;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Which phase of the run is on: a connection is counted under the phase it started and ended
 * in, or under "transition" when a phase changed while it was open. The epoch tells them apart.
 */
final class PhaseClock {
  /** The phases of the run; RECOVERY is the first seconds after a fault or surge ends. */
  enum Phase {
    NORMAL, DOWN, RESET, CUT, SURGE, RECOVERY;

    String label() {
      return switch (this) {
        case NORMAL -> "normal";
        case DOWN -> "backend down";
        case RESET -> "backend resets";
        case CUT -> "backend cuts answer";
        case SURGE -> "fd surge";
        case RECOVERY -> "recovery (2 s after)";
      };
    }
  }

  private final long start = System.nanoTime();
  private final AtomicLong epoch = new AtomicLong();
  private volatile Phase phase = Phase.NORMAL;

  synchronized void set(Phase next) {
    phase = next;
    epoch.incrementAndGet();
  }

  Phase phase() {
    return phase;
  }

  long epoch() {
    return epoch.get();
  }

  /** Seconds since the run began. */
  double seconds() {
    return (System.nanoTime() - start) / 1e9;
  }
}
