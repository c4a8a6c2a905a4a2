package dev.tproxy.runtime;

/** Who performs the TLS of tls-terminate stages. */
public enum TlsProvider {
  /** The JDK's own TLS (SunJSSE): always there, the default. */
  JDK,
  /**
   * BoringSSL through netty-tcnative; needs {@code io.netty:netty-tcnative-boringssl-static} with
   * the platform's classifier on the class path (the runtime refuses to start without it).
   */
  OPENSSL
}
