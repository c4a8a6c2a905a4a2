package dev.tproxy.runtime;

/**
 * How a transparent service binds its outgoing socket to the client's address (reference document
 * "Daisy-Chaining-Transparency"). Both are cooperative: they never fail where the other hop
 * holds the client's address.
 */
public enum BindPolicy {
  /**
   * sslh 2.2's cooperative bind: IP_TRANSPARENT + SO_REUSEADDR on (client ip, client port), so
   * the backend sees the client's own port when every earlier hop also set SO_REUSEADDR; on
   * EADDRINUSE a new socket with IP_BIND_ADDRESS_NO_PORT on (client ip, 0), and the kernel picks
   * a free port at connect().
   */
  KEEP_CLIENT_PORT,
  /**
   * nginx's {@code proxy_bind $remote_addr transparent}: IP_BIND_ADDRESS_NO_PORT on (client ip, 0)
   * straight away. Never collides, never keeps the port.
   */
  ALWAYS_NEW_PORT
}
