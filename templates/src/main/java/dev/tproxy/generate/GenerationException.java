package dev.tproxy.generate;

import java.util.Optional;

/**
 * A topology that is valid but cannot be written for the engine it names, or a template that
 * failed. The message names the service and the field, in the topology file's spelling
 * ({@code services[0].engine-version}), and says what to do.
 */
public class GenerationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String service;
  private final String field;

  public GenerationException(String service, String field, String message, String hint, Throwable cause) {
    super(compose(service, field, message, hint), cause);
    this.service = service;
    this.field = field;
  }

  public GenerationException(String service, String field, String message, String hint) {
    this(service, field, message, hint, null);
  }

  /** The service the problem is in, when it is in one. */
  public Optional<String> service() {
    return Optional.ofNullable(service);
  }

  /** Where in the topology, e.g. {@code services[0].engine-version}, when a field is to blame. */
  public Optional<String> field() {
    return Optional.ofNullable(field);
  }

  private static String compose(String service, String field, String message, String hint) {
    StringBuilder sb = new StringBuilder();
    if (service != null) {
      sb.append("service \"").append(service).append('"');
    }
    if (field != null) {
      sb.append(sb.length() > 0 ? " " : "").append('(').append(field).append(')');
    }
    if (sb.length() > 0) {
      sb.append(": ");
    }
    sb.append(message);
    if (hint != null && !hint.isEmpty()) {
      sb.append("\n    hint: ").append(hint);
    }
    return sb.toString();
  }
}
