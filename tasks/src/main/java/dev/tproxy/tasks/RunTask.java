package dev.tproxy.tasks;

import dev.tproxy.model.InvalidTopologyException;
import dev.tproxy.model.Service;
import dev.tproxy.model.SocketEndpoint;
import dev.tproxy.model.Topology;
import dev.tproxy.model.TopologyLoader;
import dev.tproxy.runtime.RuntimeOptions;
import dev.tproxy.runtime.TlsProvider;
import dev.tproxy.runtime.TopologyChange;
import dev.tproxy.runtime.TransportKind;
import dev.tproxy.runtime.TproxyRuntime;
import dev.tproxy.runtime.TproxyStartException;
import dev.tproxy.tasks.demo.DemoBackends;
import dev.tproxy.tasks.observe.JsonConnectionLog;
import dev.tproxy.tasks.observe.LogFormat;
import dev.tproxy.tasks.observe.MetricsEndpoint;
import dev.tproxy.tasks.observe.Observability;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;

/**
 * {@code run}: the topology in this JVM, in one of two modes the caller chooses: local (listeners
 * on loopback, privileged ports shifted, no transparency, no root needed, every service: for
 * trying a topology) or as written (the addresses, ports and transparency of the file, and by
 * default only the services whose engine is tproxy: for production; see {@link ServiceSelection}).
 * Optionally with the demo stand-ins of its backends.
 */
public final class RunTask {

  /**
   * @param transparent run the topology as written, transparency included (needs CAP_NET_ADMIN or CAP_NET_RAW);
   *     false: local mode
   * @param maxDuration stop by itself after this long; null: until stopped
   * @param demoBackends start the backends' {@code demo:} stand-ins
   * @param workDir where demo keys and certificates go
   * @param services which services run here
   * @param baseDir what the topology's relative paths are relative to; null: its directory
   * @param portOffset local mode only: added to every listen port of the topology and to the port
   *     of every backend on a loopback address (the demo backends follow), before the privileged
   *     ports are shifted; 0: the ports as written
   */
  public record Parameters(Path topology, String parameter, boolean transparent, Duration maxDuration,
      boolean demoBackends, Path workDir, ServiceSelection services, Path baseDir, int portOffset) {

    public Parameters {
      services = services == null ? ServiceSelection.DEFAULT : services;
    }

    /** Relative paths relative to the topology's directory, ports as written. */
    public Parameters(Path topology, String parameter, boolean transparent, Duration maxDuration,
        boolean demoBackends, Path workDir, ServiceSelection services) {
      this(topology, parameter, transparent, maxDuration, demoBackends, workDir, services, null, 0);
    }

    /** The mode's default services ({@link ServiceSelection#DEFAULT}). */
    public Parameters(Path topology, String parameter, boolean transparent, Duration maxDuration,
        boolean demoBackends, Path workDir) {
      this(topology, parameter, transparent, maxDuration, demoBackends, workDir, ServiceSelection.DEFAULT);
    }
  }

  /**
   * What an operator tunes on the running process (docs/performance.md).
   *
   * @param ioThreads event-loop threads; 0: one per two cores
   * @param splice relay with splice(2) where both sides are plain TCP on epoll
   * @param tlsProvider AUTO (OPENSSL where netty-tcnative is there, else JDK), JDK, or OPENSSL
   * @param drainTimeout how long open connections may finish at a stop; null: the runtime's
   *     default (10 s)
   */
  public record Tuning(int ioThreads, boolean splice, TlsProvider tlsProvider, TransportKind transport,
      Duration drainTimeout) {
    public static final Tuning DEFAULT = new Tuning(0, false, TlsProvider.AUTO, TransportKind.AUTO);

    /** With the runtime's default drain timeout. */
    public Tuning(int ioThreads, boolean splice, TlsProvider tlsProvider, TransportKind transport) {
      this(ioThreads, splice, tlsProvider, transport, null);
    }
  }

  /**
   * When a running topology is read again and applied without a restart.
   *
   * @param onHangup on SIGHUP (what {@code systemctl reload} sends)
   * @param watchInterval how often the file is checked for changes; null: not watched
   */
  public record Reload(boolean onHangup, Duration watchInterval) {
    public static final Reload NONE = new Reload(false, null);
  }

  private RunTask() {}

  /** A running topology (and its demo backends and metrics endpoint) until {@link #close()}. */
  public static final class Running implements AutoCloseable {
    private final TproxyRuntime runtime;
    private final DemoBackends demo;
    private final MetricsEndpoint metrics;
    private final Reporter reporter;
    private final Parameters parameters;
    private final CountDownLatch closed = new CountDownLatch(1);
    private boolean closing;
    private TopologyFileWatcher watcher;

    private Running(TproxyRuntime runtime, DemoBackends demo, MetricsEndpoint metrics, Reporter reporter,
        Parameters parameters) {
      this.runtime = runtime;
      this.demo = demo;
      this.metrics = metrics;
      this.reporter = reporter;
      this.parameters = parameters;
    }

    public TproxyRuntime runtime() {
      return runtime;
    }

    /**
     * Reads the topology file again and applies it to the running runtime, saying what changed
     * service by service. A file with errors, or a topology that cannot run here, is refused
     * with its reasons, and the running topology stays as it is.
     *
     * @return true when the new topology runs now (changed or not)
     */
    public synchronized boolean reload() {
      if (closing) {
        return false;
      }
      Path file = parameters.topology();
      reporter.info("tproxy: reloading " + file);
      try {
        TopologyLoader.Result read = TopologyFiles.read(file, parameters.baseDir(), parameters.parameter(), reporter);
        if (read.diagnostics().hasErrors()) {
          reporter.error("tproxy: reload refused, " + file + " has errors (above); the running topology is unchanged");
          return false;
        }
        Topology next = PortOffset.apply(read.topology(), parameters.portOffset());
        // Chosen again, as at start: a tproxy service the file now has runs too.
        List<Service> run = servicesToRun(parameters, next, reporter);
        TopologyChange change = runtime.update(next, onlyNames(next, run));  // the metrics follow by themselves
        if (!change.changesAnything()) {
          reporter.info("tproxy: reloaded; nothing changed");
          return true;
        }
        for (TopologyChange.ServiceChange c : change.services()) {
          if (c.kind() != TopologyChange.Kind.UNCHANGED) {
            reporter.info("tproxy: reloaded: " + c);
          }
        }
        RouteTable.of(runtime.topology(), runtime.boundAddresses()).print(reporter);
        return true;
      } catch (TaskException | TproxyStartException | InvalidTopologyException e) {
        reporter.error("tproxy: reload refused, the running topology is unchanged: " + e.getMessage());
        return false;
      } catch (RuntimeException e) {
        reporter.error("tproxy: reload failed, the running topology is unchanged: " + e);
        return false;
      }
    }

    /**
     * Reloads on SIGHUP and, if asked, whenever the file changes. The JVM's own SIGHUP handling
     * (exit 129, without draining) is replaced.
     */
    public void reloadAsAsked(Reload reload) {
      if (reload.onHangup()) {
        sun.misc.SignalHandler before =
            sun.misc.Signal.handle(new sun.misc.Signal("HUP"), s -> new Thread(this::reload, "tproxy-reload").start());
        // A signal ignored when the JVM started (nohup does that to SIGHUP) stays ignored: the JVM
        // takes the handler but never installs it, so a reload would silently never come.
        if (before == sun.misc.SignalHandler.SIG_IGN) {
          reporter.warn("tproxy: SIGHUP is ignored in this process (started under nohup?), so it cannot"
              + " reload on SIGHUP; start it without nohup, or reload when the file changes (--watch)");
        }
      }
      if (reload.watchInterval() != null) {
        synchronized (this) {
          watcher = TopologyFileWatcher.start(parameters.topology(), reload.watchInterval(), this::reload);
        }
        reporter.info("tproxy: watching " + parameters.topology() + " for changes");
      }
    }

    /** Where the metrics are served, if they are. */
    public Optional<InetSocketAddress> metricsAddress() {
      return Optional.ofNullable(metrics).map(MetricsEndpoint::address);
    }

    /** Waits until {@link #close()} ran (from a signal handler, a shutdown hook) or {@code max} passed. */
    public boolean awaitClose(Duration max) throws InterruptedException {
      if (max == null) {
        closed.await();
        return true;
      }
      return closed.await(max.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops accepting, drains open connections (see the runtime's drain timeout), stops demo backends. */
    @Override
    public void close() {
      synchronized (this) {
        if (closing) {
          awaitQuietly();
          return;
        }
        closing = true;
        if (watcher != null) {
          watcher.close();
        }
      }
      try {
        reporter.info("tproxy: stopping; " + runtime.openConnections() + " open connection(s) may finish first");
        runtime.close();
        if (metrics != null) {
          metrics.close();
        }
        if (demo != null) {
          demo.close();
        }
        reporter.info("tproxy: stopped");
      } finally {
        closed.countDown();
      }
    }

    private void awaitQuietly() {
      try {
        closed.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Starts the topology and prints what listens where; the caller decides when to close. */
  public static Running start(Parameters p, Reporter reporter) throws TaskException {
    return start(p, Tuning.DEFAULT, reporter);
  }

  /** {@link #start(Parameters, Reporter)} with the process tuned. */
  public static Running start(Parameters p, Tuning tuning, Reporter reporter) throws TaskException {
    return start(p, tuning, Observability.DEFAULT, reporter);
  }

  /** {@link #start(Parameters, Tuning, Reporter)} with metrics or JSON lines, if asked for. */
  public static Running start(Parameters p, Tuning tuning, Observability observability, Reporter reporter)
      throws TaskException {
    if (p.portOffset() != 0 && p.transparent()) {
      throw TaskException.user("a port offset applies in local mode only; the topology runs as written");
    }
    Topology t = PortOffset.apply(TopologyFiles.load(p.topology(), p.baseDir(), p.parameter(), reporter),
        p.portOffset());
    if (p.portOffset() != 0) {
      reporter.info("tproxy: ports offset by " + p.portOffset() + " (listeners and loopback backends)");
    }
    List<Service> run = servicesToRun(p, t, reporter);
    // No check of the user's name here: a service user holding CAP_NET_ADMIN or CAP_NET_RAW may
    // run transparently, and the runtime itself refuses at start, naming the capability, when the
    // process may not set IP_TRANSPARENT.
    RuntimeOptions.Builder builder = RuntimeOptions.builder().localMode(!p.transparent())
        .ioThreads(tuning.ioThreads()).splice(tuning.splice()).tlsProvider(tuning.tlsProvider())
        .transport(tuning.transport());
    if (tuning.drainTimeout() != null) {
      builder.drainTimeout(tuning.drainTimeout());
    }
    builder.onlyServices(onlyNames(t, run));
    RuntimeOptions options = connectionLines(builder, observability.logFormat()).build();
    // Bound before the runtime starts: a taken metrics port stops the run before anything listens.
    MetricsEndpoint metrics = observability.metrics().isPresent() ? MetricsEndpoint.open(observability.metrics().get()) : null;
    TproxyRuntime runtime;
    try {
      runtime = TproxyRuntime.start(t, options);
    } catch (TproxyStartException | InvalidTopologyException e) {
      if (metrics != null) {
        metrics.close();
      }
      throw new TaskException(TaskException.Kind.USER, "cannot start " + p.topology() + ": " + e.getMessage()
          + lowPortHint(e.getMessage(), run, p.transparent()), e);
    }
    Map<String, List<InetSocketAddress>> bound = runtime.boundAddresses();
    reporter.info("tproxy: topology \"" + t.name() + "\" runs " + (p.transparent() ? "as written" : "in local mode")
        + " (" + (run.size() == t.services().size() ? t.services().size() + " services)"
        : run.size() + " of " + t.services().size() + " services; left to their engines: "
            + ServiceSelection.leftToTheirEngines(t, run) + ")"));
    RouteTable.of(t, bound).print(reporter);
    if (metrics != null) {
      metrics.serve(runtime);
      reporter.info("tproxy: metrics on http://" + SocketEndpoint.of(metrics.address()) + "/metrics");
    }
    DemoBackends demo = null;
    if (p.demoBackends()) {
      try {
        String front = frontDoor(t, bound);
        demo = DemoBackends.start(t, p.workDir(), backend -> front, reporter);
      } catch (IOException | RuntimeException e) {
        runtime.close();
        if (metrics != null) {
          metrics.close();
        }
        throw new TaskException(TaskException.Kind.USER, "cannot start the demo backends: " + e.getMessage(), e);
      }
    }
    return new Running(runtime, demo, metrics, reporter, p);
  }

  /**
   * The services of {@code t} that {@code p} runs, at start and at each reload, their certificate
   * and key files checked: what the runtime would fail on with a bare path, said at the field
   * that names the file.
   */
  private static List<Service> servicesToRun(Parameters p, Topology t, Reporter reporter) throws TaskException {
    List<Service> run = p.services().choose(t, p.transparent(), p.topology().toString());
    TopologyFiles.checkHostFiles(p.topology(), t, run::contains, null, reporter);
    return run;
  }

  /** {@code run} as the runtime's onlyServices: empty when every service of {@code t} runs. */
  private static List<String> onlyNames(Topology t, List<Service> run) {
    return run.size() < t.services().size() ? run.stream().map(Service::name).toList() : List.of();
  }

  /**
   * JSON lines replace the logger's text lines, on standard error where those go; like them, only
   * while the logger {@code dev.tproxy.runtime.connections} is at INFO ({@code --log-level warn}
   * silences both).
   */
  private static RuntimeOptions.Builder connectionLines(RuntimeOptions.Builder builder, LogFormat format) {
    if (format != LogFormat.JSON) {
      return builder;
    }
    builder.logConnections(false);
    if (LoggerFactory.getLogger("dev.tproxy.runtime.connections").isInfoEnabled()) {
      builder.connectionListener(new JsonConnectionLog(System.err));
    }
    return builder;
  }

  /**
   * Starts, then blocks until the maximum duration passes or the JVM is asked to stop (Ctrl-C,
   * SIGTERM): both end with a graceful close.
   */
  public static void runUntilStopped(Parameters p, Reporter reporter) throws TaskException {
    runUntilStopped(p, Tuning.DEFAULT, reporter);
  }

  /** {@link #runUntilStopped(Parameters, Reporter)} with the process tuned. */
  public static void runUntilStopped(Parameters p, Tuning tuning, Reporter reporter) throws TaskException {
    runUntilStopped(p, tuning, Observability.DEFAULT, Reload.NONE, reporter);
  }

  /**
   * {@link #runUntilStopped(Parameters, Tuning, Reporter)} with metrics or JSON lines if asked for,
   * reloading the topology as {@code reload} says.
   */
  public static void runUntilStopped(Parameters p, Tuning tuning, Observability observability, Reload reload,
      Reporter reporter) throws TaskException {
    Running running = start(p, tuning, observability, reporter);
    running.reloadAsAsked(reload);
    Thread hook = new Thread(running::close, "tproxy-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    reporter.info(p.maxDuration() == null ? "tproxy: running; Ctrl-C stops"
        : "tproxy: running for " + dev.tproxy.model.Durations.format(p.maxDuration()) + "; Ctrl-C stops earlier");
    try {
      running.awaitClose(p.maxDuration());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      running.close();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the JVM is already exiting; the hook closes (has closed) the runtime
      }
    }
  }

  /**
   * The kernel says only "Permission denied" when a process may not bind a port below 1024: the
   * capability it needs is named here.
   */
  static String lowPortHint(String message, List<Service> run, boolean asWritten) {
    boolean lowPorts = run.stream().anyMatch(s -> s.listen().stream().anyMatch(e -> e.port() > 0 && e.port() < 1024));
    if (!asWritten || !lowPorts || message == null || !message.contains("Permission denied")) {
      return "";
    }
    return "; a port below 1024 needs CAP_NET_BIND_SERVICE (the generated unit grants it with"
        + " AmbientCapabilities=), or try the topology in local mode";
  }

  /** The address clients use: the first listener of the first service no other service targets. */
  static String frontDoor(Topology t, Map<String, List<InetSocketAddress>> bound) {
    for (Service s : t.services()) {
      if (t.upstreamOf(s).isEmpty() && !bound.getOrDefault(s.name(), List.of()).isEmpty()) {
        return SocketEndpoint.of(bound.get(s.name()).get(0)).toString();
      }
    }
    return null;
  }
}
