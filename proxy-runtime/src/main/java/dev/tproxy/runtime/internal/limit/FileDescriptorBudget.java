package dev.tproxy.runtime.internal.limit;

import com.sun.management.UnixOperatingSystemMXBean;
import dev.tproxy.model.Service;
import dev.tproxy.model.Topology;
import dev.tproxy.runtime.TproxyStartException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure the services' connection limits fit in the process's file descriptors, so that a
 * limit reached is a connection closed with a log line and never an accept() that fails: each
 * connection costs two descriptors (the client's and the upstream's), the listeners one each, and
 * what the process has open already stays in use. A topology whose limits cannot fit is refused
 * at start, naming {@code ulimit -n}. Services without a limit cannot be budgeted; running out
 * then pauses accepting ({@link AcceptBackoff}).
 */
public final class FileDescriptorBudget {
  private static final Logger LOG = LoggerFactory.getLogger("dev.tproxy.runtime");

  /** Descriptors a connection holds at most: the client's socket and the upstream's. */
  public static final int PER_CONNECTION = 2;
  /** Room for what the runtime opens besides connections: epoll, event and timer fds, certificate reads. */
  static final int HEADROOM = 32;

  private FileDescriptorBudget() {}

  /** The process's descriptor limit and how many are open, if the JVM can tell. */
  record Usage(long max, long open) {}

  static Usage usage() {
    OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof UnixOperatingSystemMXBean unix) {
      return new Usage(unix.getMaxFileDescriptorCount(), unix.getOpenFileDescriptorCount());
    }
    return null;
  }

  public static void check(Topology topology) {
    Usage usage = usage();
    if (usage == null) {
      LOG.info("the JVM does not report file descriptors here; connection limits are not checked against ulimit -n");
      return;
    }
    check(topology, usage);
  }

  static void check(Topology topology, Usage usage) {
    List<Service> limited = topology.services().stream().filter(s -> s.maxConnections().isPresent()).toList();
    if (limited.isEmpty()) {
      return;
    }
    long listeners = topology.services().stream().mapToLong(s -> s.listen().size()).sum();
    long connections = limited.stream().mapToLong(s -> s.maxConnections().getAsInt()).sum();
    long needed = usage.open() + listeners + HEADROOM + PER_CONNECTION * connections;
    boolean unbounded = limited.size() < topology.services().size();
    if (needed > usage.max()) {
      throw new TproxyStartException("the services' max-connections (" + connections + " together) need about "
          + needed + " file descriptors (" + PER_CONNECTION + " per connection, " + usage.open() + " open already, "
          + listeners + " listeners, " + HEADROOM + " spare), but ulimit -n is " + usage.max()
          + ": raise it (systemd: LimitNOFILE=) or lower max-connections, so that reaching a limit closes"
          + " connections instead of exhausting file descriptors");
    }
    LOG.info("file descriptors: max-connections need about {} of {} (ulimit -n){}", needed, usage.max(),
        unbounded ? "; services without max-connections are not counted" : "");
  }
}
