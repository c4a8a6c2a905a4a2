package dev.tproxy.bench.faults;

import dev.tproxy.bench.faults.Tally.Outcome;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Stops a proxy with a signal while transfers run through it: what became of the transfers,
 * whether a new connection was still taken after the signal, and how long the proxy took to exit.
 */
final class StopTest {
  static final int TRANSFERS = 2;
  static final int BYTES = 32 << 20;
  static final int CHUNK = 64 << 10;
  /** Each transfer is paced to last about 4 s, so that the signal lands in its middle. */
  static final long BYTES_PER_SECOND = 8L << 20;

  /** What a stop did. */
  record Result(String signal, List<String> transfers, Outcome newConnection, double exitSeconds, boolean exitedByItself,
      int idleOpenAtSignal, int idleClosedAtExit) {}

  private StopTest() {}

  static Result run(ProxyUnderTest proxy, String signal, List<Socket> idle) throws Exception {
    List<Transfer> transfers = new ArrayList<>();
    for (int i = 0; i < TRANSFERS; i++) {
      Transfer t = new Transfer(proxy, i);
      transfers.add(t);
      t.start();
    }
    Thread.sleep(1000);
    long signalled = System.nanoTime();
    proxy.signal(signal);
    Thread.sleep(300);
    Flight http = Flight.all().get(0);
    Outcome newConnection = Churn.attempt(proxy.churn, http, proxy.expectedAnswer(http), Duration.ofSeconds(2));
    boolean byItself = proxy.awaitExit(Duration.ofSeconds(20));
    double exit = (System.nanoTime() - signalled) / 1e9;
    for (Transfer t : transfers) {
      t.join(TimeUnit.SECONDS.toMillis(30));
    }
    int closed = 0;
    for (Socket s : idle) {
      if (endedOrReset(s)) {
        closed++;
      }
    }
    return new Result(signal, transfers.stream().map(Transfer::describe).toList(), newConnection, exit, byItself,
        idle.size(), closed);
  }

  private static boolean endedOrReset(Socket s) {
    try {
      s.setSoTimeout(200);
      return s.getInputStream().read() < 0;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true;
    }
  }

  /** Sends a pattern through the echo route and checks every byte that comes back. */
  private static final class Transfer extends Thread {
    private final ProxyUnderTest proxy;
    private final int seed;
    private volatile long echoed;
    private volatile String end = "running";

    Transfer(ProxyUnderTest proxy, int seed) {
      super("transfer-" + seed);
      setDaemon(true);
      this.proxy = proxy;
      this.seed = seed;
    }

    @Override
    public void run() {
      try (Socket s = new Socket()) {
        s.connect(proxy.idle, 5000);
        s.setSoTimeout(15_000);
        OutputStream out = s.getOutputStream();
        InputStream in = s.getInputStream();
        byte[] chunk = new byte[CHUNK];
        byte[] back = new byte[CHUNK];
        long t0 = System.nanoTime();
        for (long sent = 0; sent < BYTES; sent += CHUNK) {
          for (int i = 0; i < CHUNK; i++) {
            chunk[i] = (byte) (sent + i + seed);
          }
          out.write(chunk);
          if (in.readNBytes(back, 0, CHUNK) < CHUNK) {
            end = "cut: end of stream";
            return;
          }
          if (!java.util.Arrays.equals(chunk, back)) {
            end = "corrupted";
            return;
          }
          echoed += CHUNK;
          long due = t0 + (echoed * 1_000_000_000L) / BYTES_PER_SECOND;
          long wait = due - System.nanoTime();
          if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
          }
        }
        end = "complete";
      } catch (SocketTimeoutException e) {
        end = "stalled";
      } catch (IOException e) {
        end = "cut: " + e.getMessage();
      } catch (InterruptedException e) {
        end = "interrupted";
      }
    }

    String describe() {
      return String.format("%s, %d of %d MiB", end, echoed >> 20, BYTES >> 20);
    }
  }
}
