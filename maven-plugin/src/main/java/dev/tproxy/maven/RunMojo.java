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
 * Runs the topology in-process, like {@code jetty:run}: local mode unless {@code transparent}
 * (listeners on loopback, privileged ports shifted by 10000, no root needed), a table of
 * listeners, routes and targets, one log line per connection; Ctrl-C stops it cleanly.
 */
@Mojo(name = "run", threadSafe = true, requiresProject = false)
public class RunMojo extends AbstractTproxyMojo {

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

  /** Where demo keys and certificates go. */
  @Parameter(property = "tproxy.run.workDirectory", defaultValue = "${project.build.directory}/tproxy-run")
  File workDirectory;

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

  /** Event-loop transport: {@code AUTO} (epoll on Linux, else NIO), {@code EPOLL}, {@code IO_URING} or {@code NIO}. */
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

  @Override
  void run(Reporter reporter) throws TaskException {
    Duration max = null;
    if (maxDuration != null && !maxDuration.isBlank()) {
      try {
        max = Durations.parse(maxDuration);
      } catch (IllegalArgumentException e) {
        throw TaskException.user("<maxDuration> (-Dtproxy.run.maxDuration): " + e.getMessage());
      }
    }
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
    java.util.Set<String> named = new java.util.LinkedHashSet<>();
    if (services != null) {
      services.stream().map(String::trim).filter(n -> !n.isEmpty()).forEach(named::add);
    }
    Observability observability = Observability.parse(metricsAddress, "<metricsAddress> (-Dtproxy.run.metricsAddress)",
        logFormat, "<logFormat> (-Dtproxy.run.logFormat)");
    RunTask.runUntilStopped(new RunTask.Parameters(topology.toPath(), TOPOLOGY_PARAMETER, transparent, max,
        demoBackends, workDirectory.toPath(), new dev.tproxy.tasks.ServiceSelection(named,
            "<services> (-Dtproxy.run.services)")), new RunTask.Tuning(ioThreads, splice, provider, kind, drain), observability,
        new RunTask.Reload(true, watch ? java.time.Duration.ofSeconds(1) : null), reporter);
  }
}
