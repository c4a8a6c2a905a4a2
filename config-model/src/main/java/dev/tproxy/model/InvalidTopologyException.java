package dev.tproxy.model;

/** Thrown when a topology has errors; the message lists every one of them. */
public class InvalidTopologyException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient Diagnostics diagnostics;

  public InvalidTopologyException(Diagnostics diagnostics) {
    super("invalid topology:\n" + diagnostics.format());
    this.diagnostics = diagnostics;
  }

  public Diagnostics diagnostics() {
    return diagnostics;
  }
}
