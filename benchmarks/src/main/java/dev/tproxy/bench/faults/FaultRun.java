package dev.tproxy.bench.faults;

import dev.tproxy.bench.faults.PhaseClock.Phase;
import dev.tproxy.bench.faults.ProxyUnderTest.Kind;
import dev.tproxy.bench.faults.Tally.Outcome;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The long soak and fault run (docs/reliability.md): tproxy, nginx and HAProxy side by side,
 * each its own process under the same file limit, all forwarding to the same backends, so that
 * every fault reaches them at the same moment. For the whole run each proxy carries idle
 * connections (pinged) and a fixed rate of churned connections with six kinds of first flight.
 * Eight backend fault windows (down, resetting, cutting answers) and two fd surges past the
 * file limit come at fixed fractions of the run. At the end each proxy is stopped with its
 * graceful signal, then with SIGTERM, while transfers run through it.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.tproxy.bench.faults.FaultRun \
 *     --jar cli/target/tproxy.jar --minutes 30 --out /tmp/fault-run
 * </pre>
 */
public final class FaultRun {
  private final Options o;
  private final PhaseClock clock = new PhaseClock();
  private final StringBuilder timeline = new StringBuilder();

  private FaultRun(Options o) {
    this.o = o;
  }

  /** The run's settings; every one has a default that gives the documented run. */
  record Options(List<Kind> proxies, Path jar, Duration length, Path out, int rate, int idle, int surge, int fileLimit) {
    static Options parse(String[] args) {
      Map<String, String> a = new LinkedHashMap<>();
      for (int i = 0; i < args.length; i += 2) {
        if (!args[i].startsWith("--") || i + 1 >= args.length) {
          throw new IllegalArgumentException("usage: FaultRun [--jar TPROXY_JAR] [--minutes 30] [--out DIR]"
              + " [--proxies tproxy-forward,tproxy-demux,nginx,haproxy] [--rate 150] [--idle 1000] [--surge 2000]"
              + " [--file-limit 4096]; got " + String.join(" ", args));
        }
        a.put(args[i].substring(2), args[i + 1]);
      }
      List<Kind> kinds = new ArrayList<>();
      for (String k : a.getOrDefault("proxies", "tproxy-forward,tproxy-demux,nginx,haproxy").split(",")) {
        kinds.add(Kind.of(k.trim()));
      }
      return new Options(kinds, Path.of(a.getOrDefault("jar", "cli/target/tproxy.jar")).toAbsolutePath(),
          Duration.ofSeconds(Math.round(Double.parseDouble(a.getOrDefault("minutes", "30")) * 60)),
          Path.of(a.getOrDefault("out", "target/fault-run")).toAbsolutePath(),
          Integer.parseInt(a.getOrDefault("rate", "150")), Integer.parseInt(a.getOrDefault("idle", "1000")),
          Integer.parseInt(a.getOrDefault("surge", "2000")), Integer.parseInt(a.getOrDefault("file-limit", "4096")));
    }
  }

  /** Everything the run keeps about one proxy. */
  private static final class Subject {
    final ProxyUnderTest proxy;
    final IdleSet idle;
    final Churn churn;
    final List<String> recoveries = new ArrayList<>();
    final List<FdSurge.Result> surges = new ArrayList<>();
    final List<StopTest.Result> stops = new ArrayList<>();
    double cpuAtStart;
    double cpuAtEnd;
    double peakRss;
    int idleAliveAtEnd;
    List<String> logLines = List.of();

    Subject(ProxyUnderTest proxy, PhaseClock clock, int rate) {
      this.proxy = proxy;
      this.idle = new IdleSet(proxy, clock);
      this.churn = new Churn(proxy, clock, rate);
    }
  }

  public static void main(String[] args) throws Exception {
    new FaultRun(Options.parse(args)).run();
  }

  private void run() throws Exception {
    Files.createDirectories(o.out());
    // The proxies run a copy: a build that rewrites the jar under a running JVM breaks its class loading.
    Path jar = Files.copy(o.jar(), o.out().resolve("tproxy.jar"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Instant began = Instant.now();
    List<Subject> subjects = new ArrayList<>();
    ExecutorService each = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "fault-run");
      t.setDaemon(true);
      return t;
    });
    try (Backends backends = new Backends(List.of("any", "ssh", "http", "tls"))) {
      for (Kind k : o.proxies()) {
        ProxyUnderTest p = new ProxyUnderTest(k, o.out().resolve(k.label), jar, o.fileLimit(), backends.addresses());
        p.start();
        subjects.add(new Subject(p, clock, o.rate()));
      }
      forEach(each, subjects, s -> {
        s.idle.open(o.idle());
        return null;
      });
      note("%d proxies up; idle connections held: %s", subjects.size(), subjects.stream()
          .map(s -> s.proxy.kind.label + " " + s.idle.opened()).toList());
      long t0 = System.nanoTime();
      for (Subject s : subjects) {
        s.cpuAtStart = s.proxy.cpuSeconds();
        s.idle.startPinging(Duration.ofMinutes(4));
        s.churn.start();
      }
      double length = o.length().toSeconds();
      Duration faultLength = Duration.ofMillis((long) Math.min(20_000, length * 1000 / 30));
      Duration surgeHold = Duration.ofMillis((long) Math.min(15_000, length * 1000 / 20));
      BackendFault[] cycle = {BackendFault.DOWN, BackendFault.RESET, BackendFault.CUT};
      List<double[]> events = new ArrayList<>(); // {fraction of the run, 0..2 = fault, 3 = surge}
      for (int k = 1; k <= 8; k++) {
        events.add(new double[] {k / 10.0, (k - 1) % 3});
      }
      events.add(new double[] {0.35, 3});
      events.add(new double[] {0.75, 3});
      events.sort((x, y) -> Double.compare(x[0], y[0]));
      for (double[] e : events) {
        sleepUntil(t0, e[0] * length, subjects);
        if (e[1] < 3) {
          BackendFault f = cycle[(int) e[1]];
          clock.set(Phase.valueOf(f.name()));
          backends.fault(f);
          note("fault: %s for %d s", clock.phase().label(), faultLength.toSeconds());
          sleep(faultLength, subjects);
          backends.fault(BackendFault.NONE);
          long restored = System.nanoTime();
          clock.set(Phase.RECOVERY);
          forEach(each, subjects, s -> {
            long ms = Churn.servedAgainAfter(s.proxy, restored);
            s.recoveries.add(f.name().toLowerCase() + " " + ms + " ms");
            note("%s served again %d ms after the fault", s.proxy.kind.label, ms);
            return null;
          });
        } else {
          // One proxy at a time: all at once would take this process past its own file limit.
          for (Subject s : subjects) {
            clock.set(Phase.SURGE);
            note("fd surge on %s: %d connections, held %d s", s.proxy.kind.label, o.surge(), surgeHold.toSeconds());
            FdSurge.Result x = FdSurge.run(s.proxy, o.surge(), surgeHold);
            s.surges.add(x);
            note("%s after the surge: %s", s.proxy.kind.label, x);
            clock.set(Phase.RECOVERY);
            sleep(Duration.ofSeconds(2), subjects);
          }
        }
        sleep(Duration.ofSeconds(2), subjects);
        clock.set(Phase.NORMAL);
      }
      sleepUntil(t0, length, subjects);
      note("load ends");
      for (Subject s : subjects) {
        s.churn.stop();
        s.idle.stopPinging();
        s.cpuAtEnd = s.proxy.cpuSeconds();
        s.idleAliveAtEnd = s.idle.checkAll();
      }
      note("stop tests");
      for (Subject s : subjects) {
        stopTests(s);
      }
    } finally {
      for (Subject s : subjects) {
        s.idle.closeAll();
        if (s.proxy.alive()) {
          s.proxy.signal("KILL");
        }
      }
      each.shutdownNow();
    }
    String report = report(subjects, began);
    Files.writeString(o.out().resolve("fault-run.md"), report, StandardCharsets.UTF_8);
    System.out.print(report);
  }

  /** The graceful signal with the idle connections still open, then (restarted) SIGTERM. */
  private void stopTests(Subject s) throws Exception {
    s.stops.add(StopTest.run(s.proxy, s.proxy.kind.gracefulSignal, s.idle.openSockets()));
    s.logLines = s.proxy.logLines();
    if (!s.proxy.kind.gracefulSignal.equals("TERM")) {
      s.proxy.start();
      s.stops.add(StopTest.run(s.proxy, "TERM", List.of()));
    }
    note("%s stopped", s.proxy.kind.label);
  }

  private interface Step {
    Void on(Subject s) throws Exception;
  }

  private static void forEach(ExecutorService pool, List<Subject> subjects, Step step) throws Exception {
    List<Future<Void>> done = new ArrayList<>();
    for (Subject s : subjects) {
      Callable<Void> c = () -> step.on(s);
      done.add(pool.submit(c));
    }
    for (Future<Void> f : done) {
      f.get();
    }
  }

  private void sleepUntil(long t0, double seconds, List<Subject> subjects) throws InterruptedException {
    long left = t0 + (long) (seconds * 1e9) - System.nanoTime();
    if (left > 0) {
      sleep(Duration.ofNanos(left), subjects);
    }
  }

  /** Sleeps, sampling the proxies' memory every 10 s. */
  private void sleep(Duration d, List<Subject> subjects) throws InterruptedException {
    long until = System.nanoTime() + d.toNanos();
    for (long left; (left = until - System.nanoTime()) > 0; ) {
      for (Subject s : subjects) {
        if (s.proxy.alive()) {
          s.peakRss = Math.max(s.peakRss, s.proxy.rssMegabytes());
        }
      }
      Thread.sleep(Math.min(10_000, Math.max(1, left / 1_000_000)));
    }
  }

  private synchronized void note(String format, Object... args) {
    String line = String.format("%7.1f s  ", clock.seconds()) + String.format(format, args);
    timeline.append("    ").append(line).append('\n');
    System.out.println("fault-run: " + line);
  }

  private String report(List<Subject> subjects, Instant began) {
    StringBuilder r = new StringBuilder();
    r.append("Run began ").append(began).append("; ").append(o.length().toMinutes()).append(" min of load; ")
        .append(o.rate()).append(" new connections/s per proxy; ").append(o.idle()).append(" idle connections per proxy;")
        .append(" file limit ").append(o.fileLimit()).append("; fd surges of ").append(o.surge()).append(" connections.\n\n");
    r.append("### Churned connections in normal phases\n\n");
    r.append("| proxy | connections | ok | wrong | unserved | not connected | stalled | p50 | p99 | max | CPU s | peak RSS |\n");
    r.append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (Subject s : subjects) {
      Tally t = s.churn.byPhase().getOrDefault(Phase.NORMAL.label(), new Tally());
      r.append(String.format("| %s | %d | %d | %d | %d | %d | %d | %d ms | %d ms | %d ms | %.0f | %.0f MB |%n",
          s.proxy.kind.label, t.total(), t.count(Outcome.OK), t.count(Outcome.WRONG), t.count(Outcome.UNSERVED),
          t.count(Outcome.NOT_CONNECTED), t.count(Outcome.STALL), t.percentile(0.5), t.percentile(0.99), t.max(),
          s.cpuAtEnd - s.cpuAtStart, s.peakRss));
    }
    r.append("\n### Churned connections during faults, surges and changes of phase\n\n");
    r.append("Unserved is expected while a backend is down, resets or cuts its answer; a stall never is.\n\n");
    r.append("| proxy | phase | connections | ok | wrong | unserved | not connected | stalled | max |\n");
    r.append("|---|---|---|---|---|---|---|---|---|\n");
    for (Subject s : subjects) {
      s.churn.byPhase().entrySet().stream().filter(e -> !e.getKey().equals(Phase.NORMAL.label()))
          .sorted(Map.Entry.comparingByKey()).forEach(e -> {
            Tally t = e.getValue();
            r.append(String.format("| %s | %s | %d | %d | %d | %d | %d | %d | %d ms |%n", s.proxy.kind.label, e.getKey(),
                t.total(), t.count(Outcome.OK), t.count(Outcome.WRONG), t.count(Outcome.UNSERVED),
                t.count(Outcome.NOT_CONNECTED), t.count(Outcome.STALL), t.max()));
          });
    }
    r.append("\n### Recovery, idle connections, fd surges\n\n");
    r.append("| proxy | served again after a backend fault | idle connections alive at the end | fd surges: connected, sample served, peak fds, served again after |\n");
    r.append("|---|---|---|---|\n");
    for (Subject s : subjects) {
      List<String> surges = s.surges.stream().map(x -> String.format("%d, %d/%d, %d, %d ms", x.connected(),
          x.sampledServed(), x.sampled(), x.peakOpenFiles(), x.recoveryMillis())).toList();
      r.append(String.format("| %s | %s | %d of %d%s | %s |%n", s.proxy.kind.label, String.join("; ", s.recoveries),
          s.idleAliveAtEnd, s.idle.opened(), s.idle.losses().isEmpty() ? "" : " (lost: " + String.join("; ", s.idle.losses().stream().limit(3).toList()) + ")",
          String.join("; ", surges)));
    }
    r.append("\n### Stopped while transferring (").append(StopTest.TRANSFERS).append(" echo transfers of ")
        .append(StopTest.BYTES >> 20).append(" MiB paced over 4 s; signal after 1 s)\n\n");
    r.append("| proxy | signal | transfers | new connection 0.3 s after | exited after | idle connections closed |\n");
    r.append("|---|---|---|---|---|---|\n");
    for (Subject s : subjects) {
      for (StopTest.Result x : s.stops) {
        r.append(String.format("| %s | SIG%s | %s | %s | %s | %s |%n", s.proxy.kind.label, x.signal(),
            String.join("; ", x.transfers()), x.newConnection().name().toLowerCase().replace('_', ' '),
            x.exitedByItself() ? String.format("%.1f s", x.exitSeconds()) : "killed after 20 s",
            x.idleOpenAtSignal() == 0 ? "-" : x.idleClosedAtExit() + " of " + x.idleOpenAtSignal()));
      }
    }
    r.append("\n### Logs\n\n");
    r.append("| proxy | lines | stack-trace lines | most frequent (digits as #) |\n|---|---|---|---|\n");
    for (Subject s : subjects) {
      long frames = s.logLines.stream().filter(l -> l.startsWith("\tat ") || l.matches("^\\s+at .*")).count();
      Map<String, Long> byText = new LinkedHashMap<>();
      for (String l : s.logLines) {
        String key = l.replaceAll("^\\S+ \\S+ ", "").replaceAll("[0-9]+", "#");
        key = key.length() > 120 ? key.substring(0, 120) + "…" : key;
        byText.merge(key, 1L, Long::sum);
      }
      String top = byText.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(3)
          .map(e -> e.getValue() + "× `" + e.getKey().replace("|", "\\|").replace("`", "'") + "`").reduce((x, y) -> x + "<br>" + y).orElse("");
      r.append(String.format("| %s | %d | %d | %s |%n", s.proxy.kind.label, s.logLines.size(), frames, top));
    }
    r.append("\n### Notable connections (first 20 per proxy: stalls, and anything but ok in a normal phase)\n\n");
    for (Subject s : subjects) {
      r.append("- ").append(s.proxy.kind.label).append(": ")
          .append(s.churn.notable().isEmpty() ? "none" : String.join("; ", s.churn.notable()))
          .append(s.churn.skipped() == 0 ? "" : "; connections not started because 64 were open: " + s.churn.skipped())
          .append('\n');
    }
    r.append("\n### Timeline\n\n").append(timeline);
    return r.toString();
  }
}
