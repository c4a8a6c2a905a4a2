package dev.tproxy.runtime.internal.connection;

/** How the outgoing socket of a connection was bound. */
public enum BindOutcome {
  /** Not a transparent service. */
  NOT_TRANSPARENT("not transparent"),
  /** Transparent, but the client is on this machine, so no bind (sslh is_same_machine). */
  SKIPPED_LOCAL_CLIENT("transparent bind skipped: client is on this machine"),
  /** (client ip, client port) with SO_REUSEADDR. */
  CLIENT_PORT("transparent, client port kept"),
  /** (client ip, client port) was in use; (client ip, 0) with IP_BIND_ADDRESS_NO_PORT. */
  NEW_PORT_AFTER_CONFLICT("transparent, new port: client port in use (EADDRINUSE)"),
  /** (client ip, 0) with IP_BIND_ADDRESS_NO_PORT because the policy says so. */
  NEW_PORT_BY_POLICY("transparent, new port by policy");

  private final String description;

  BindOutcome(String description) {
    this.description = description;
  }

  public String description() {
    return description;
  }
}
