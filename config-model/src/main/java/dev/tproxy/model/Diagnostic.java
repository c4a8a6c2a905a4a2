package dev.tproxy.model;

import java.util.Optional;

/**
 * One problem with a topology.
 *
 * @param path where in the topology, as the file writes it: {@code services[1].demux.rules[0].target}
 * @param location file, line and column, when the topology came from a file
 * @param hint what to do about it; empty when the message says it all
 */
public record Diagnostic(
    Severity severity, String path, Optional<SourceLocation> location, String message, String hint) {

  public Diagnostic {
    location = location == null ? Optional.empty() : location;
    hint = hint == null ? "" : hint;
  }

  public static Diagnostic error(String path, String message, String hint) {
    return new Diagnostic(Severity.ERROR, path, Optional.empty(), message, hint);
  }

  public static Diagnostic warning(String path, String message, String hint) {
    return new Diagnostic(Severity.WARNING, path, Optional.empty(), message, hint);
  }

  public Diagnostic at(SourceLocation where) {
    return new Diagnostic(severity, path, Optional.ofNullable(where), message, hint);
  }

  public boolean isError() {
    return severity == Severity.ERROR;
  }

  /**
   * {@code tproxy.yaml:12:7: error: services[1].listen[0]: port 70000 is out of range}, then the
   * hint on its own indented line. The form compilers use, so editors can jump to it.
   */
  public String format() {
    StringBuilder sb = new StringBuilder();
    location.ifPresent(l -> sb.append(l).append(": "));
    sb.append(severity.label()).append(": ");
    if (!path.isEmpty()) {
      sb.append(path).append(": ");
    }
    sb.append(message);
    if (!hint.isEmpty()) {
      sb.append("\n    hint: ").append(hint.replace("\n", "\n          "));
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return format();
  }
}
