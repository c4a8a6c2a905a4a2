package dev.tproxy.pem;

import java.io.IOException;

/** A PEM file that exists but does not hold what it should; the message names the file. */
public class PemContentException extends IOException {
  private static final long serialVersionUID = 1L;

  public PemContentException(String message) {
    super(message);
  }

  public PemContentException(String message, Throwable cause) {
    super(message, cause);
  }
}
