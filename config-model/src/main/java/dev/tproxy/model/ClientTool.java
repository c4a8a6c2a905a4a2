package dev.tproxy.model;

import java.util.Optional;

/** The program an ssh client entry uses as its TLS ProxyCommand. */
public enum ClientTool implements FileId {
  /** proxytunnel; Debian 12 ships 1.10, which has no client certificates and no SNI option. */
  PROXYTUNNEL("proxytunnel", Version.of(1, 10)),
  /** {@code openssl s_client -quiet}. */
  OPENSSL("openssl", Version.of(3, 0));

  private final String id;
  private final Version defaultVersion;

  ClientTool(String id, Version defaultVersion) {
    this.id = id;
    this.defaultVersion = defaultVersion;
  }

  @Override
  public String id() {
    return id;
  }

  public Version defaultVersion() {
    return defaultVersion;
  }

  public static Optional<ClientTool> fromId(String id) {
    return FileId.find(ClientTool.class, id);
  }

  @Override
  public String toString() {
    return id;
  }
}
