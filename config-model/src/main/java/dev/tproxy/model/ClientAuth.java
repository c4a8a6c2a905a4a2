package dev.tproxy.model;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Client-certificate authentication of a TLS terminator.
 *
 * @param ca PEM file with the CA certificate(s) client certificates must chain to
 */
public record ClientAuth(VerifyMode verify, Optional<Path> ca) {

  public static final ClientAuth NONE = new ClientAuth(VerifyMode.OFF, Optional.empty());

  public ClientAuth {
    ca = ca == null ? Optional.empty() : ca;
  }

  public static ClientAuth required(Path ca) {
    return new ClientAuth(VerifyMode.ON, Optional.of(ca));
  }
}
