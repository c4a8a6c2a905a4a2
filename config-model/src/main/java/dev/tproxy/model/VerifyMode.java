package dev.tproxy.model;

import java.util.Optional;

/** Client-certificate verification, as nginx's {@code ssl_verify_client}. */
public enum VerifyMode implements FileId {
  OFF("off"),
  /** A certificate signed by the CA is required; the handshake fails without one. */
  ON("on"),
  /** A certificate is asked for and verified if sent; the handshake succeeds without one. */
  OPTIONAL("optional");

  private final String id;

  VerifyMode(String id) {
    this.id = id;
  }

  @Override
  public String id() {
    return id;
  }

  public static Optional<VerifyMode> fromId(String id) {
    return FileId.find(VerifyMode.class, id);
  }

  @Override
  public String toString() {
    return id;
  }
}
