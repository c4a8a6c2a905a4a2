package dev.tproxy.runtime;

/**
 * How the outgoing socket of a connection was bound: part of each {@link ConnectionEvent} and
 * counted per service ({@link ServiceCounters}). Transparent services bind cooperatively: the
 * client's own port first, a new port when it is taken.
 */
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

  /** As the connection log line says it, e.g. {@code transparent, client port kept}. */
  public String description() {
    return description;
  }
}
