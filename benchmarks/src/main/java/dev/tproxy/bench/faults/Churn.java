package dev.tproxy.bench.faults;

import dev.tproxy.bench.faults.PhaseClock.Phase;
import dev.tproxy.bench.faults.Tally.Outcome;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Opens connections through one proxy's churn route at a fixed rate, each with the next first
 * flight, and counts how each ended, by phase. A connection that has not ended after
 * {@link #BOUND} has stalled.
 */
final class Churn {
  static final Duration BOUND = Duration.ofSeconds(10);
  private static final int CONCURRENCY = 64;

  private final ProxyUnderTest proxy;
  private final PhaseClock clock;
  private final int perSecond;
  private final List<Flight> flights = Flight.all();
  private final Map<String, Tally> byPhase = new ConcurrentHashMap<>();
  private final List<String> notable = Collections.synchronizedList(new ArrayList<>());
  private final LongAdder skipped = new LongAdder();
  private final ThreadPoolExecutor pool = new ThreadPoolExecutor(CONCURRENCY, CONCURRENCY, 1, TimeUnit.MINUTES,
      new SynchronousQueue<>(), r -> {
        Thread t = new Thread(r, "churn");
        t.setDaemon(true);
        return t;
      });
  private volatile boolean running = true;
  private Thread driver;

  Churn(ProxyUnderTest proxy, PhaseClock clock, int perSecond) {
    this.proxy = proxy;
    this.clock = clock;
    this.perSecond = perSecond;
  }

  void start() {
    driver = new Thread(this::drive, "churn-" + proxy.kind.label);
    driver.setDaemon(true);
    driver.start();
  }

  private void drive() {
    long period = TimeUnit.SECONDS.toNanos(1) / perSecond;
    long next = System.nanoTime();
    for (long i = 0; running; i++) {
      long wait = next - System.nanoTime();
      if (wait > 0) {
        try {
          TimeUnit.NANOSECONDS.sleep(wait);
        } catch (InterruptedException e) {
          return;
        }
      }
      next += period;
      Flight f = flights.get((int) (i % flights.size()));
      try {
        pool.execute(() -> one(f));
      } catch (RejectedExecutionException e) {
        skipped.increment(); // all 64 clients busy: the proxy is that slow right now
      }
    }
  }

  private void one(Flight f) {
    long epoch = clock.epoch();
    Phase phase = clock.phase();
    double at = clock.seconds();
    long t0 = System.nanoTime();
    Outcome o = attempt(proxy.churn, f, proxy.expectedAnswer(f), BOUND);
    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    String key = clock.epoch() == epoch ? phase.label() : "transition";
    byPhase.computeIfAbsent(key, k -> new Tally()).add(o, ms);
    if (o == Outcome.STALL || (o != Outcome.OK && key.equals(Phase.NORMAL.label()))) {
      if (notable.size() < 20) {
        notable.add(String.format("%s at %.1f s: %s (%s, %d ms)", o, at, f.name(), key, ms));
      }
    }
  }

  /** One connection with one first flight: how it ended. */
  static Outcome attempt(InetSocketAddress to, Flight f, String expected, Duration bound) {
    try (Socket s = new Socket()) {
      try {
        s.connect(to, 5000);
      } catch (IOException e) {
        return Outcome.NOT_CONNECTED;
      }
      s.setSoTimeout((int) bound.toMillis());
      ByteArrayOutputStream got = new ByteArrayOutputStream();
      try {
        f.send(s);
        InputStream in = s.getInputStream();
        byte[] buf = new byte[256];
        for (int n; (n = in.read(buf)) >= 0; ) {
          got.write(buf, 0, n);
        }
      } catch (SocketTimeoutException e) {
        return Outcome.STALL;
      } catch (IOException e) {
        // reset or broken pipe: judged by what arrived
      }
      String answer = got.toString(StandardCharsets.US_ASCII);
      if (answer.equals(expected)) {
        return Outcome.OK;
      }
      return answer.endsWith("\n") ? Outcome.WRONG : Outcome.UNSERVED;
    } catch (IOException e) {
      return Outcome.UNSERVED;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Outcome.UNSERVED;
    }
  }

  /** Milliseconds from {@code since} until a new connection through the churn route is served. */
  static long servedAgainAfter(ProxyUnderTest proxy, long since) throws InterruptedException {
    Flight http = Flight.all().get(0);
    long giveUp = since + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < giveUp) {
      if (Churn.attempt(proxy.churn, http, proxy.expectedAnswer(http), Duration.ofSeconds(2)) == Outcome.OK) {
        return (System.nanoTime() - since) / 1_000_000;
      }
      Thread.sleep(20);
    }
    return -1;
  }

  /** Stops issuing connections and waits for those open. */
  void stop() throws InterruptedException {
    running = false;
    driver.join();
    pool.shutdown();
    pool.awaitTermination(BOUND.toSeconds() + 10, TimeUnit.SECONDS);
  }

  Map<String, Tally> byPhase() {
    return byPhase;
  }

  List<String> notable() {
    return notable;
  }

  long skipped() {
    return skipped.sum();
  }
}
