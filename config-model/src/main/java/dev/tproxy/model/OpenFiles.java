package dev.tproxy.model;

import java.util.Collection;
import java.util.OptionalInt;

/**
 * The file descriptors a program needs for its services' connection limits, in one place: the
 * generator writes them into the units ({@code LimitNOFILE=}) and nginx.conf
 * ({@code worker_connections}), and validation warns from the same numbers about a hop that may
 * get more connections than its files can hold. Each proxied connection holds two descriptors
 * (the client's and the upstream's); the program needs some of its own (listeners, logs, and for
 * the JVM its class path and event loops). systemd's default soft limit is 1024.
 */
public final class OpenFiles {
  /** Descriptors a proxied connection holds: the client's socket and the upstream's. */
  public static final int PER_CONNECTION = 2;
  /** systemd's default soft limit (DefaultLimitNOFILE=1024:524288), and nginx.conf's usual worker_connections. */
  public static final int DEFAULT_LIMIT = 1024;
  /** What sslh, stunnel and nginx open besides connections: listeners, logs, the configuration. */
  static final int PROGRAM_FILES = 16;
  /** What the JVM opens besides connections: the jars of lib/, epoll and event descriptors, certificate reads. */
  static final int JVM_FILES = 256;

  private OpenFiles() {}

  /**
   * The limit one program running {@code services} needs for their max-connections, rounded up
   * to a multiple of 1024; empty when the default of 1024 is enough, or none of them has a limit.
   * Services without max-connections are not counted: nothing bounds them.
   */
  public static OptionalInt limitFor(EngineKind program, Collection<Service> services) {
    long connections = services.stream().filter(s -> s != null && s.maxConnections() != null && s.maxConnections().isPresent())
        .mapToLong(s -> s.maxConnections().getAsInt()).sum();
    if (connections == 0) {
      return OptionalInt.empty();
    }
    long needed = PER_CONNECTION * connections + ownFiles(program);
    if (needed <= DEFAULT_LIMIT) {
      return OptionalInt.empty();
    }
    long rounded = (needed + DEFAULT_LIMIT - 1) / DEFAULT_LIMIT * DEFAULT_LIMIT;
    return OptionalInt.of((int) Math.min(rounded, Integer.MAX_VALUE));
  }

  /** Connections at once that a program with {@code limit} open files holds. */
  public static int capacity(EngineKind program, int limit) {
    return (limit - ownFiles(program)) / PER_CONNECTION;
  }

  private static int ownFiles(EngineKind program) {
    return program == EngineKind.TPROXY ? JVM_FILES : PROGRAM_FILES;
  }
}
