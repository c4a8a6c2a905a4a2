package dev.tproxy.model;

import java.util.Optional;

/** TLS protocol versions, named as nginx and OpenSSL name them. */
public enum TlsProtocol implements FileId {
  TLS_1_0("TLSv1", "TLSv1"),
  TLS_1_1("TLSv1.1", "TLSv1.1"),
  TLS_1_2("TLSv1.2", "TLSv1.2"),
  TLS_1_3("TLSv1.3", "TLSv1.3");

  private final String id;
  private final String jdkName;

  TlsProtocol(String id, String jdkName) {
    this.id = id;
    this.jdkName = jdkName;
  }

  /** The name in topology files and nginx's {@code ssl_protocols}. */
  @Override
  public String id() {
    return id;
  }

  /** The name {@code javax.net.ssl} uses. */
  public String jdkName() {
    return jdkName;
  }

  /** TLS 1.0 and 1.1 are deprecated (RFC 8996). */
  public boolean isDeprecated() {
    return this == TLS_1_0 || this == TLS_1_1;
  }

  public static Optional<TlsProtocol> fromId(String id) {
    return FileId.find(TlsProtocol.class, id);
  }

  @Override
  public String toString() {
    return id;
  }
}
