package dev.tproxy.generate.internal.sslh;

import java.util.List;

/** What the sslh template reads. */
public final class SslhViews {
  private SslhViews() {}

  /**
   * @param v2 the 2.2-and-later dialect, else 1.20's
   * @param globalTransparent write the global {@code transparent: true} (1.20)
   */
  public record Config(
      String service,
      boolean v2,
      boolean globalTransparent,
      long timeout,
      String onTimeout,
      List<Listen> listen,
      List<Protocol> protocols) {}

  /** @param maxConnections null when unlimited */
  public record Listen(String host, String port, Integer maxConnections, boolean proxyProtocol) {}

  /**
   * @param sentinelFor the on-timeout target when this is the sentinel entry (see SslhFiles),
   *     null for the rules of the topology
   * @param unix a unix-socket backend ({@code host} is the path)
   * @param transparent per-protocol transparency (2.x)
   * @param minLength null when absent
   * @param proxyProtocol 1 or 2 to send a PROXY header, null when not
   * @param maxConnections the rule's max-connections (sslh 2.3's per-protocol limit), null when unlimited
   */
  public record Protocol(
      String sentinelFor,
      String name,
      String host,
      String port,
      boolean unix,
      boolean transparent,
      List<String> sni,
      List<String> alpn,
      List<String> patterns,
      Integer minLength,
      Integer proxyProtocol,
      Integer maxConnections) {}
}
