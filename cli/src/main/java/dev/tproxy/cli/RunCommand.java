package dev.tproxy.cli;

import dev.tproxy.model.Durations;
import dev.tproxy.runtime.TlsProvider;
import dev.tproxy.runtime.TproxyRuntime;
import dev.tproxy.runtime.TransportKind;
import dev.tproxy.tasks.RunTask;
import dev.tproxy.tasks.ServiceSelection;
import dev.tproxy.tasks.TaskException;
import dev.tproxy.tasks.observe.Observability;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import sun.misc.Signal;

/**
 * Runs a topology in the foreground, as a long-lived service: SIGTERM and SIGINT close it
 * gracefully (open connections may finish) and the process exits 0.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = {"Run a topology in-process, as written unless --local:",
        "  --as-written  (the default) production: the topology's addresses, ports and transparency; only the"
            + " services whose engine is tproxy (the others belong to sslh, nginx, stunnel), or those of --services.",
        "  --local       trying it out: every service on loopback, ports below 1024 moved up by 10000, no"
            + " transparency, no privileges. --demo-backends implies it.",
        "Stops cleanly on SIGTERM or Ctrl-C (open connections may finish for --drain-timeout); SIGHUP reads the"
            + " topology again and applies it without a restart (listeners that stay keep their sockets; open"
            + " connections keep their routes). Log lines carry the date and time.",
        "Before it listens, the certificate and key files of the services it runs are checked as validate does."},
    exitCodeListHeading = ExitCodes.HEADING,
    exitCodeList = {"0:stopped cleanly (SIGTERM, Ctrl-C or --max-duration)",
        "1:the topology is invalid, a file it names is missing or does not match, or it cannot start (a port taken,"
            + " a capability missing)",
        ExitCodes.USAGE_LINE, ExitCodes.INTERNAL_LINE})
final class RunCommand implements Callable<Integer> {
  /** How often --watch looks at the topology file. */
  private static final Duration WATCH_INTERVAL = Duration.ofSeconds(2);

  @Mixin TopologyOption topology;

  @Option(names = {"--as-written", "--transparent"}, description = "Production mode: as the topology is written,"
      + " transparency included. Ports below 1024 need CAP_NET_BIND_SERVICE, transparency CAP_NET_RAW or CAP_NET_ADMIN"
      + " (the generated unit grants them); no root needed. --transparent is its older name.")
  boolean asWritten;

  @Option(names = "--local", description = "Local mode: loopback, ports below 1024 + 10000, no transparency, every service.")
  boolean local;

  @Option(names = "--services", split = ",", paramLabel = "NAME",
      description = "Run only these services (default: as written, those whose engine is tproxy; locally, all).")
  java.util.List<String> services;

  @Option(names = "--drain-timeout", paramLabel = "DURATION",
      description = "At a stop, how long open connections may finish before they are closed, e.g. 30s (default: 10s).")
  String drainTimeout;

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--max-duration", paramLabel = "DURATION", description = "Stop by itself after this long, e.g. 30s.")
  String maxDuration;

  @Option(names = "--demo-backends", description = "Start the demo: stand-ins of the topology's backends.")
  boolean demoBackends;

  @Option(names = "--work-dir", paramLabel = "DIR", description = "Where demo keys go (default: a new temporary directory).")
  Path workDir;

  @Option(names = "--io-threads", paramLabel = "N", defaultValue = "0",
      description = "Event-loop threads (default: 0, one per two cores).")
  int ioThreads;

  @Option(names = "--splice", description = "Relay plain TCP with splice(2) (epoll only; bytes after the decision are not counted).")
  boolean splice;

  @Option(names = "--tls-provider", paramLabel = "PROVIDER", defaultValue = "AUTO",
      description = "TLS termination by AUTO (the default: OPENSSL, BoringSSL as bundled, unless a tls-terminate"
          + " service asks for half-close; then JDK), JDK or OPENSSL.")
  TlsProvider tlsProvider;

  @Option(names = "--transport", paramLabel = "KIND", defaultValue = "AUTO",
      description = "Event-loop transport: AUTO (io_uring where the kernel has it, epoll for --splice or where it"
          + " cannot, else NIO), EPOLL (the only one with splice), IO_URING (fewer system calls per connection)"
          + " or NIO.")
  TransportKind transport;

  @Option(names = "--watch", description = "Also reload when the topology file changes (SIGHUP always reloads).")
  boolean watch;

  @Option(names = "--log-level", paramLabel = "LEVEL",
      description = "error, warn, info (default) or debug; at warn, connections are not logged one by one.")
  String logLevel;

  @Option(names = "--log-format", paramLabel = "FORMAT", defaultValue = "text",
      description = "Connection lines as text (default) or json: one JSON object per connection on standard error.")
  String logFormat;

  @Option(names = "--metrics-address", paramLabel = "IP:PORT",
      description = "Serve Prometheus metrics at http://IP:PORT/metrics, e.g. 127.0.0.1:9100 (default: off).")
  String metricsAddress;

  @Override
  public Integer call() throws Exception {
    RunMode mode = RunMode.of(spec.commandLine(), local, asWritten, demoBackends);
    LauncherLogging.configure(logLevel);
    // The native transport's probe (io_uring: about 150 ms) runs beside the reading of the topology.
    // The JDK classes that load native libraries in their initialisers, and that both threads use,
    // are initialised first: the probe holds the JDK's native-library lock while Netty's JNI_OnLoad
    // initialises classes, and a class initialiser that waits for that lock on the other thread
    // (InetAddress loading libnet, as reading the topology's addresses does) would deadlock with it.
    java.net.InetAddress.getLoopbackAddress();
    java.nio.channels.spi.SelectorProvider.provider();
    Thread probe = new Thread(() -> TproxyRuntime.prepareTransport(transport), "tproxy-transport-probe");
    probe.setDaemon(true);
    probe.start();
    Observability observability = Observability.parse(metricsAddress, "--metrics-address", logFormat, "--log-format");
    if (ioThreads < 0) {
      throw TaskException.user("--io-threads: " + ioThreads + " is negative; 0 means one per two cores");
    }
    Duration max = duration(maxDuration, "--max-duration");
    Duration drain = duration(drainTimeout, "--drain-timeout");
    Path work = workDir != null ? workDir : Files.createTempDirectory("tproxy-run");
    RunTask.Running running = RunTask.start(
        new RunTask.Parameters(topology.file, TopologyOption.NAME, mode == RunMode.AS_WRITTEN, max, demoBackends, work,
            new ServiceSelection(services == null ? java.util.Set.of() : new java.util.LinkedHashSet<>(services), "--services")),
        new RunTask.Tuning(ioThreads, splice, tlsProvider, transport, drain), observability, topology.reporter());
    // Handling the signals ourselves (instead of a shutdown hook) lets the process end with
    // exit code 0 after a graceful stop, which service managers count as a clean exit.
    Runnable stop = () -> new Thread(running::close, "tproxy-stop").start();
    Signal.handle(new Signal("TERM"), s -> stop.run());
    Signal.handle(new Signal("INT"), s -> stop.run());
    running.reloadAsAsked(new RunTask.Reload(true, watch ? WATCH_INTERVAL : null));
    topology.reporter().info(max == null ? "tproxy: running; SIGHUP reloads, SIGTERM or Ctrl-C stops"
        : "tproxy: running for " + Durations.format(max) + "; SIGHUP reloads, SIGTERM or Ctrl-C stops earlier");
    if (!running.awaitClose(max)) {
      running.close();
    }
    return 0;
  }

  /** {@code value} as a duration ({@code 30s}, {@code 5m}); null when not given. */
  private static Duration duration(String value, String flag) throws TaskException {
    if (value == null) {
      return null;
    }
    try {
      return Durations.parse(value);
    } catch (IllegalArgumentException e) {
      throw TaskException.user(flag + ": " + e.getMessage());
    }
  }
}
