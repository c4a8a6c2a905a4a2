package dev.tproxy.model;

import java.util.Optional;

/**
 * Who realises a service in production. tproxy's own runtime can realise every stage of every
 * service (for {@code tproxy:run} and embedding); the engine says which program the generated
 * configuration is for.
 */
public enum EngineKind implements FileId {
  /** sslh, the protocol demultiplexer. Debian 12 ships 1.20. */
  SSLH("sslh", Version.of(1, 20)),
  /** nginx with the stream module. Debian 12 ships 1.22.1. */
  NGINX("nginx", new Version(1, 22, 1)),
  /** stunnel, a TLS terminator. Debian 12 ships 5.68. */
  STUNNEL("stunnel", Version.of(5, 68)),
  /** tproxy's own runtime, run as a service (launcher) or embedded in a Java server. */
  TPROXY("tproxy", Version.of(0, 1));

  private final String id;
  private final Version defaultVersion;

  EngineKind(String id, Version defaultVersion) {
    this.id = id;
    this.defaultVersion = defaultVersion;
  }

  /** The name used in topology files. */
  @Override
  public String id() {
    return id;
  }

  /** The version assumed when a service names none: the one Debian 12 ships. */
  public Version defaultVersion() {
    return defaultVersion;
  }

  public static Optional<EngineKind> fromId(String id) {
    return FileId.find(EngineKind.class, id);
  }

  @Override
  public String toString() {
    return id;
  }
}
