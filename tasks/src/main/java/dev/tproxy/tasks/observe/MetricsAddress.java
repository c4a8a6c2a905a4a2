package dev.tproxy.tasks.observe;

import dev.tproxy.model.SocketEndpoint;
import dev.tproxy.tasks.TaskException;
import java.net.InetSocketAddress;

/**
 * Where {@code run} serves its metrics, and how the user named the setting (for messages).
 *
 * @param option e.g. {@code --metrics-address} or {@code <metricsAddress> (-Dtproxy.run.metricsAddress)}
 */
public record MetricsAddress(InetSocketAddress address, String option) {

  /**
   * Parses {@code IP:PORT} ({@code 127.0.0.1:9100}, {@code [::1]:9100}, {@code 0.0.0.0:9100}):
   * a literal address, as everywhere in tproxy, so that nothing depends on name resolution.
   */
  public static MetricsAddress parse(String text, String option) throws TaskException {
    try {
      return new MetricsAddress(SocketEndpoint.parse(text.trim()).toInetSocketAddress(), option);
    } catch (IllegalArgumentException e) {
      throw TaskException.user(option + ": " + e.getMessage());
    }
  }
}
