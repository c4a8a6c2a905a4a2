package dev.tproxy.runtime.internal;

/**
 * The names of the runtime's handlers in a client connection's pipeline, in order. The handlers
 * between {@link #TRACKER} and {@link #PREREAD} are there only when the service asks for them;
 * the tracker always counts raw bytes, and the stage decides on what the handlers before it
 * produce (the real client's address, the plain stream).
 */
public final class PipelineNames {
  private PipelineNames() {}

  /** Counts bytes, keeps counters, logs the connection: always first. */
  public static final String TRACKER = "tracker";
  /** The service's max-connections, checked at accept; leaves once the connection has its place. */
  public static final String LIMIT = "limit";
  /** Netty's PROXY protocol decoder (v1 and v2); removes itself after the header. */
  public static final String PROXY_DECODER = "proxy-protocol";
  /** Takes the decoded PROXY header from trusted peers only; removes itself after it. */
  public static final String PROXY_HEADER = "proxy-header";
  /** The TLS handler of a tls-terminate stage. */
  public static final String TLS = "tls";
  /** Holds the connection until the handshake and the client-certificate check are done. */
  public static final String TLS_GATE = "tls-gate";
  /** Reads until the stage decides; removed when it has. */
  public static final String PREREAD = "preread";
}
