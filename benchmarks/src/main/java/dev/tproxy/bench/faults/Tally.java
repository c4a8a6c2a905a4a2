package dev.tproxy.bench.faults;

import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.LongAdder;

/** Outcomes of churned connections in one phase, and their durations (1 ms buckets). */
final class Tally {
  /** How a churned connection ended. */
  enum Outcome {
    /** The expected backend's whole answer, then end of stream. */
    OK,
    /** Another backend's whole answer. */
    WRONG,
    /** Closed or reset without the whole answer: expected while a backend is faulty. */
    UNSERVED,
    /** The proxy refused or did not take the connection within 5 s. */
    NOT_CONNECTED,
    /** No end of stream within the bound. */
    STALL
  }

  private static final int BUCKETS = 20_001;
  private final LongAdder[] counts = new LongAdder[Outcome.values().length];
  private final AtomicIntegerArray millis = new AtomicIntegerArray(BUCKETS);

  Tally() {
    for (int i = 0; i < counts.length; i++) {
      counts[i] = new LongAdder();
    }
  }

  void add(Outcome o, long durationMillis) {
    counts[o.ordinal()].increment();
    millis.incrementAndGet((int) Math.min(BUCKETS - 1, durationMillis));
  }

  long count(Outcome o) {
    return counts[o.ordinal()].sum();
  }

  long total() {
    long t = 0;
    for (LongAdder c : counts) {
      t += c.sum();
    }
    return t;
  }

  /** The duration below which {@code fraction} of the connections ended, in ms. */
  int percentile(double fraction) {
    long total = total();
    long want = (long) Math.ceil(total * fraction);
    long seen = 0;
    for (int i = 0; i < BUCKETS; i++) {
      seen += millis.get(i);
      if (seen >= want && seen > 0) {
        return i;
      }
    }
    return 0;
  }

  int max() {
    for (int i = BUCKETS - 1; i >= 0; i--) {
      if (millis.get(i) > 0) {
        return i;
      }
    }
    return 0;
  }
}
