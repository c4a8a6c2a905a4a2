package dev.tproxy.model;

/** How bad a diagnostic is: errors stop generation and start-up, warnings do not. */
public enum Severity {
  ERROR("error"),
  WARNING("warning");

  private final String label;

  Severity(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
