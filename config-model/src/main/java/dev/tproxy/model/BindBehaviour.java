package dev.tproxy.model;

/**
 * How a program binds the outgoing socket of a transparent connection to the client's address.
 * This decides whether it can sit behind another transparent hop: see
 * docs/cooperative-binding.md and the reference document "Daisy-Chaining-Transparency".
 */
public enum BindBehaviour {
  /**
   * Binds (client ip, client port) without SO_REUSEADDR and gives up on EADDRINUSE (sslh before
   * 2.1.0, checked in sslh v1.20 common.c bind_peer). Fails with "Address already in use" when an
   * earlier hop already holds that address, so it can only be the first transparent hop.
   */
  CLIENT_PORT_NO_FALLBACK(false, true, false),
  /**
   * Binds (client ip, client port) without SO_REUSEADDR; on EADDRINUSE binds (client ip, 0)
   * (sslh 2.1.x, stunnel 5.x for ports from 1024). Works behind another hop, never shares the
   * port, and as a first hop forces every later hop onto a new port.
   */
  CLIENT_PORT_THEN_EPHEMERAL(false, true, true),
  /**
   * SO_REUSEADDR and (client ip, client port); on EADDRINUSE, SO_REUSEADDR off,
   * IP_BIND_ADDRESS_NO_PORT on and (client ip, 0) (sslh 2.2.0 and later, tproxy). Keeps the
   * client's port through a chain of cooperative hops.
   */
  COOPERATIVE(true, true, true),
  /**
   * IP_BIND_ADDRESS_NO_PORT and (client ip, 0) straight away (nginx {@code proxy_bind
   * $remote_addr transparent}): never collides, never keeps the port.
   */
  NEW_PORT(false, false, true);

  private final boolean reusesAddress;
  private final boolean triesClientPort;
  private final boolean survivesConflict;

  BindBehaviour(boolean reusesAddress, boolean triesClientPort, boolean survivesConflict) {
    this.reusesAddress = reusesAddress;
    this.triesClientPort = triesClientPort;
    this.survivesConflict = survivesConflict;
  }

  /** Sets SO_REUSEADDR, so a later hop with SO_REUSEADDR can bind the same address and port. */
  public boolean reusesAddress() {
    return reusesAddress;
  }

  /** Tries to keep the client's source port. */
  public boolean triesClientPort() {
    return triesClientPort;
  }

  /** Still connects when an earlier hop already holds (client ip, client port). */
  public boolean survivesConflict() {
    return survivesConflict;
  }
}
