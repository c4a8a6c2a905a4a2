package dev.tproxy.pem;

/** A key encryption the JDK has no cipher or key derivation for; BouncyCastle may have one. */
final class JdkUnsupportedEncryption extends Exception {
  private static final long serialVersionUID = 1L;

  JdkUnsupportedEncryption(String scheme, Throwable cause) {
    super(scheme, cause);
  }

  /** What the JDK could not do, for messages. */
  String scheme() {
    return getMessage();
  }
}
