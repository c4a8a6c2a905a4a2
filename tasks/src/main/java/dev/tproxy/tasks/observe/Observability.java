package dev.tproxy.tasks.observe;

import dev.tproxy.tasks.TaskException;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code run} shows of the running topology besides the route table: a Prometheus endpoint
 * (off unless an address is given) and the format of the connection lines.
 */
public record Observability(Optional<MetricsAddress> metrics, LogFormat logFormat) {
  /** No metrics endpoint; text lines. */
  public static final Observability DEFAULT = new Observability(Optional.empty(), LogFormat.TEXT);

  public Observability {
    Objects.requireNonNull(metrics, "metrics");
    Objects.requireNonNull(logFormat, "logFormat");
  }

  /**
   * From a front end's two settings as the user wrote them; {@code metricsAddress} null or blank
   * leaves the endpoint off, {@code logFormat} null means text.
   */
  public static Observability parse(String metricsAddress, String metricsOption, String logFormat, String logFormatOption)
      throws TaskException {
    Optional<MetricsAddress> metrics = metricsAddress == null || metricsAddress.isBlank()
        ? Optional.empty() : Optional.of(MetricsAddress.parse(metricsAddress, metricsOption));
    LogFormat format = logFormat == null || logFormat.isBlank() ? LogFormat.TEXT : LogFormat.parse(logFormat, logFormatOption);
    return new Observability(metrics, format);
  }
}
