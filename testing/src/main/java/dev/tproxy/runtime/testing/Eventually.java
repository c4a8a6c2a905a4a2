package dev.tproxy.runtime.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for a condition that the runtime reaches asynchronously (a counter, a close). */
public final class Eventually {
  private Eventually() {}

  public static void await(String what, Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + timeout.toMillis() + " ms: " + what);
      }
      TestBackend.sleep(5);
    }
  }

  public static void await(String what, BooleanSupplier condition) {
    await(what, Duration.ofSeconds(10), condition);
  }
}
