package dev.tproxy.runtime;

/** Who performs the TLS of tls-terminate stages. */
public enum TlsProvider {
  /**
   * The default: OpenSSL where netty-tcnative is on the class path and no tls-terminate service
   * asks for half-close (which it cannot relay), else the JDK. Measured on this project's 2-core
   * machine, a full TLS 1.3 handshake costs the JDK about four times the CPU it costs BoringSSL
   * or nginx (docs/performance.md).
   */
  AUTO,
  /** The JDK's own TLS (SunJSSE): always there. */
  JDK,
  /**
   * BoringSSL through netty-tcnative; needs {@code io.netty:netty-tcnative-boringssl-static} with
   * the platform's classifier on the class path (the runtime refuses to start without it).
   */
  OPENSSL
}
