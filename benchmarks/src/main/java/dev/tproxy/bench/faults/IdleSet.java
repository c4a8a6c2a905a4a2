package dev.tproxy.bench.faults;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Long-lived connections through one proxy's idle route to the echo backend. Each is pinged (a
 * line sent and echoed) once per {@code pingEvery}, well inside every proxy's 10-minute idle
 * timeout, so that a lost connection is the proxy's doing, not a timeout.
 */
final class IdleSet {
  private final ProxyUnderTest proxy;
  private final PhaseClock clock;
  private final List<Socket> sockets = new ArrayList<>();
  private final List<String> losses = Collections.synchronizedList(new ArrayList<>());
  private boolean[] lost;
  private int opened;
  private volatile boolean running = true;
  private Thread pinger;

  IdleSet(ProxyUnderTest proxy, PhaseClock clock) {
    this.proxy = proxy;
    this.clock = clock;
  }

  /** Opens {@code n} connections, each checked with a ping; returns how many opened. */
  int open(int n) throws InterruptedException {
    for (int i = 0; i < n; i++) {
      Socket s = new Socket();
      try {
        s.connect(proxy.idle, 5000);
        s.setSoTimeout(5000);
        sockets.add(s);
      } catch (IOException e) {
        close(s);
        break;
      }
      if (i % 200 == 199) {
        Thread.sleep(50);
      }
    }
    lost = new boolean[sockets.size()];
    for (int i = 0; i < sockets.size(); i++) {
      ping(i);
    }
    opened = sockets.size();
    return opened;
  }

  void startPinging(Duration pingEvery) {
    pinger = new Thread(() -> {
      long gap = Math.max(1, pingEvery.toMillis() / Math.max(1, sockets.size()));
      for (int i = 0; running; i = (i + 1) % sockets.size()) {
        ping(i);
        try {
          TimeUnit.MILLISECONDS.sleep(gap);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "idle-" + proxy.kind.label);
    pinger.setDaemon(true);
    pinger.start();
  }

  void stopPinging() throws InterruptedException {
    running = false;
    if (pinger != null) {
      pinger.interrupt();
      pinger.join();
    }
  }

  /** Pings every connection still alive; returns how many answered. */
  synchronized int checkAll() {
    int alive = 0;
    for (int i = 0; i < sockets.size(); i++) {
      if (ping(i)) {
        alive++;
      }
    }
    return alive;
  }

  synchronized boolean ping(int i) {
    if (lost[i]) {
      return false;
    }
    Socket s = sockets.get(i);
    byte[] line = ("ping " + i + " " + System.nanoTime() + "\n").getBytes(StandardCharsets.US_ASCII);
    try {
      s.getOutputStream().write(line);
      byte[] back = new byte[line.length];
      InputStream in = s.getInputStream();
      for (int got = 0; got < back.length; ) {
        int n = in.read(back, got, back.length - got);
        if (n < 0) {
          throw new IOException("end of stream");
        }
        got += n;
      }
      if (!Arrays.equals(line, back)) {
        throw new IOException("echo differs");
      }
      return true;
    } catch (IOException e) {
      lost[i] = true;
      losses.add(String.format("%.1f s (%s): %s", clock.seconds(), clock.phase().label(), e.getMessage()));
      close(s);
      return false;
    }
  }

  int opened() {
    return opened;
  }

  List<String> losses() {
    return losses;
  }

  /** Sockets not yet lost, for the stop test to watch. */
  synchronized List<Socket> openSockets() {
    List<Socket> open = new ArrayList<>();
    for (int i = 0; i < sockets.size(); i++) {
      if (!lost[i]) {
        open.add(sockets.get(i));
      }
    }
    return open;
  }

  void closeAll() {
    sockets.forEach(IdleSet::close);
  }

  static void close(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // closing is all that is left to do
    }
  }
}
