package dev.tproxy.maven;

import dev.tproxy.model.Durations;
import dev.tproxy.runtime.TlsProvider;
import dev.tproxy.runtime.TransportKind;
import dev.tproxy.tasks.Reporter;
import dev.tproxy.tasks.RunTask;
import dev.tproxy.tasks.TaskException;
import dev.tproxy.tasks.observe.Observability;
import java.io.File;
import java.time.Duration;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * The parameters of {@code tproxy:run}, which {@code tproxy:start} shares (with the same
 * {@code tproxy.run.*} user properties).
 */
abstract class AbstractRunMojo extends AbstractTproxyMojo {

  /**
   * Run as written (the topology's addresses, ports and transparency; by default only the
   * services whose engine is tproxy), as in production; default: local mode (loopback, ports
   * below 1024 moved up by 10000, no transparency, every service), for trying a topology.
   * Transparency needs CAP_NET_RAW or CAP_NET_ADMIN.
   */
  @Parameter(property = "tproxy.run.transparent", defaultValue = "false")
  boolean transparent;

  /** Run only these services (comma-separated); default: as written, those of engine tproxy; locally, all. */
  @Parameter(property = "tproxy.run.services")
  java.util.List<String> services;

  /** At a stop, how long open connections may finish before they are closed, e.g. {@code 30s}; default 10s. */
  @Parameter(property = "tproxy.run.drainTimeout")
  String drainTimeout;

  /** Stop by itself after this long, e.g. {@code 30s} or {@code 5m} (for tests and scripts); default: until Ctrl-C. */
  @Parameter(property = "tproxy.run.maxDuration")
  String maxDuration;

  /** Start the {@code demo:} stand-ins of the topology's backends. */
  @Parameter(property = "tproxy.run.demoBackends", defaultValue = "false")
  boolean demoBackends;

  /** Where demo keys and certificates go; default {@code ${project.build.directory}/tproxy-run}. */
  @Parameter(property = "tproxy.run.workDirectory")
  File workDirectory;

  /**
   * Local mode: added to every listen port and to the port of every backend on a loopback address
   * (so that the demo backends follow and the routes still reach them), before ports below 1024
   * are moved up by 10000; e.g. {@code 100} runs the quickstart on 8543 instead of 8443. Default 0.
   */
  @Parameter(property = "tproxy.run.portOffset", defaultValue = "0")
  int portOffset;

  /** Event-loop threads; 0: one per two cores. */
  @Parameter(property = "tproxy.run.ioThreads", defaultValue = "0")
  int ioThreads;

  /** Relay plain TCP with splice(2) (epoll only). */
  @Parameter(property = "tproxy.run.splice", defaultValue = "false")
  boolean splice;

  /**
   * TLS termination by {@code AUTO} (OPENSSL where netty-tcnative is a plugin dependency and no
   * tls-terminate service asks for half-close, else JDK), {@code JDK} or {@code OPENSSL}.
   */
  @Parameter(property = "tproxy.run.tlsProvider", defaultValue = "AUTO")
  String tlsProvider;

  /** Event-loop transport: {@code AUTO} (io_uring where the kernel has it, epoll for splice, else NIO), {@code EPOLL}, {@code IO_URING} or {@code NIO}. */
  @Parameter(property = "tproxy.run.transport", defaultValue = "AUTO")
  String transport;

  /**
   * Apply changes of the topology file without a restart, as they are saved (listeners that stay
   * keep their sockets, open connections keep their routes). SIGHUP reloads too.
   */
  @Parameter(property = "tproxy.run.watch", defaultValue = "true")
  boolean watch;

  /** Serve Prometheus metrics at {@code http://IP:PORT/metrics}, e.g. {@code 127.0.0.1:9100}; default: off. */
  @Parameter(property = "tproxy.run.metricsAddress")
  String metricsAddress;

  /** Connection lines as {@code text} (Maven's log) or {@code json} (one object per connection, on standard error). */
  @Parameter(property = "tproxy.run.logFormat", defaultValue = "text")
  String logFormat;

  /** The run's parameters as the task takes them; {@code max}: the parsed maximum duration or null. */
  final RunTask.Parameters parameters(Duration max) throws TaskException {
    java.util.Set<String> named = new java.util.LinkedHashSet<>();
    if (services != null) {
      services.stream().map(String::trim).filter(n -> !n.isEmpty()).forEach(named::add);
    }
    if (portOffset < 0 || portOffset > 64511) {
      throw TaskException.user("<portOffset> (-Dtproxy.run.portOffset): " + portOffset + " is outside 0..64511");
    }
    if (portOffset != 0 && transparent) {
      throw TaskException.user("<portOffset> (-Dtproxy.run.portOffset) applies in local mode only; leave it out"
          + " or <transparent> (-Dtproxy.run.transparent)");
    }
    File work = workDirectory != null ? workDirectory : new File(buildDirectory(), "tproxy-run");
    return new RunTask.Parameters(topology.toPath(), TOPOLOGY_PARAMETER, transparent, max,
        demoBackends, work.toPath(), new dev.tproxy.tasks.ServiceSelection(named,
            "<services> (-Dtproxy.run.services)"), relativePathsBase(), portOffset);
  }

  final Duration maxDuration() throws TaskException {
    Duration max = null;
    if (maxDuration != null && !maxDuration.isBlank()) {
      try {
        max = Durations.parse(maxDuration);
      } catch (IllegalArgumentException e) {
        throw TaskException.user("<maxDuration> (-Dtproxy.run.maxDuration): " + e.getMessage());
      }
    }
    return max;
  }

  final RunTask.Tuning tuning() throws TaskException {
    if (ioThreads < 0) {
      throw TaskException.user("<ioThreads> (-Dtproxy.run.ioThreads): " + ioThreads + " is negative; 0 means one per two cores");
    }
    TlsProvider provider;
    try {
      provider = TlsProvider.valueOf(tlsProvider.trim().toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw TaskException.user("<tlsProvider> (-Dtproxy.run.tlsProvider): \"" + tlsProvider + "\" is none of AUTO, JDK, OPENSSL");
    }
    TransportKind kind;
    try {
      kind = TransportKind.valueOf(transport.trim().toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw TaskException.user("<transport> (-Dtproxy.run.transport): \"" + transport
          + "\" is none of AUTO, EPOLL, IO_URING, NIO");
    }
    Duration drain = null;
    if (drainTimeout != null && !drainTimeout.isBlank()) {
      try {
        drain = Durations.parse(drainTimeout);
      } catch (IllegalArgumentException e) {
        throw TaskException.user("<drainTimeout> (-Dtproxy.run.drainTimeout): " + e.getMessage());
      }
    }
    return new RunTask.Tuning(ioThreads, splice, provider, kind, drain);
  }

  final Observability observability() throws TaskException {
    return Observability.parse(metricsAddress, "<metricsAddress> (-Dtproxy.run.metricsAddress)",
        logFormat, "<logFormat> (-Dtproxy.run.logFormat)");
  }
}
