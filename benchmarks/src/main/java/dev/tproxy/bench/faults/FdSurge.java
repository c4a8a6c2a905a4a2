package dev.tproxy.bench.faults;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Drives one proxy past its file limit: opens {@code count} connections to its idle route, holds
 * them, closes them, and measures how long until a new connection is served again.
 */
final class FdSurge {
  /** What one surge did to one proxy. */
  record Result(int connected, int sampled, int sampledServed, long peakOpenFiles, long recoveryMillis) {}

  private FdSurge() {}

  static Result run(ProxyUnderTest proxy, int count, Duration hold) throws InterruptedException {
    long until = System.nanoTime() + hold.toNanos();
    List<Socket> surge = new ArrayList<>();
    try {
      for (int i = 0; i < count && System.nanoTime() < until; i++) {
        Socket s = new Socket();
        try {
          s.connect(proxy.idle, 1000);
          surge.add(s);
        } catch (IOException e) {
          IdleSet.close(s); // the kernel's backlog is full too
        }
      }
      long peak = proxy.openFiles();
      // Which of the last surge connections does the proxy serve? (Those it could not accept
      // wait in the kernel's backlog.) All asked at once, all given the same second.
      List<Socket> sample = surge.subList(Math.max(0, surge.size() - 20), surge.size());
      sample.forEach(FdSurge::ask);
      long answerBy = System.nanoTime() + 1_000_000_000L;
      int served = 0;
      for (Socket s : sample) {
        if (answered(s, answerBy)) {
          served++;
        }
      }
      int sampled = sample.size();
      long left = until - System.nanoTime();
      if (left > 0) {
        Thread.sleep(left / 1_000_000);
      }
      surge.forEach(IdleSet::close);
      long released = System.nanoTime();
      return new Result(surge.size(), sampled, served, peak, Churn.servedAgainAfter(proxy, released));
    } finally {
      surge.forEach(IdleSet::close);
    }
  }

  private static final byte[] LINE = "surge\n".getBytes(StandardCharsets.US_ASCII);

  private static void ask(Socket s) {
    try {
      s.getOutputStream().write(LINE);
    } catch (IOException e) {
      // closed by the proxy already: answered() says no
    }
  }

  private static boolean answered(Socket s, long byNanos) {
    try {
      s.setSoTimeout((int) Math.max(1, (byNanos - System.nanoTime()) / 1_000_000));
      InputStream in = s.getInputStream();
      return in.readNBytes(LINE.length).length == LINE.length;
    } catch (IOException e) {
      return false;
    }
  }
}
