package dev.tproxy.model;

import java.util.Optional;

/**
 * How a transparent service binds its outgoing socket to the client's address (reference document
 * "Daisy-Chaining-Transparency", docs/cooperative-binding.md). The default is the engine's own
 * way: nginx always takes a new port; sslh and tproxy keep the client's port where they can.
 */
public enum TransparentBind implements FileId {
  /**
   * sslh 2.2's cooperative bind: IP_TRANSPARENT + SO_REUSEADDR on (client ip, client port), so
   * the backend sees the client's own port when every earlier hop also set SO_REUSEADDR; on
   * EADDRINUSE a new socket with IP_BIND_ADDRESS_NO_PORT on (client ip, 0).
   */
  KEEP_CLIENT_PORT("keep-client-port"),
  /**
   * nginx's {@code proxy_bind $remote_addr transparent}: IP_BIND_ADDRESS_NO_PORT on (client ip, 0)
   * straight away. Never collides, never keeps the port.
   */
  NEW_PORT("new-port");

  private final String id;

  TransparentBind(String id) {
    this.id = id;
  }

  @Override
  public String id() {
    return id;
  }

  public static Optional<TransparentBind> fromId(String id) {
    return FileId.find(TransparentBind.class, id);
  }

  /** The engine's own way, which a topology may only change where the engine can. */
  public static TransparentBind of(BindBehaviour behaviour) {
    return behaviour.triesClientPort() ? KEEP_CLIENT_PORT : NEW_PORT;
  }

  @Override
  public String toString() {
    return id;
  }
}
