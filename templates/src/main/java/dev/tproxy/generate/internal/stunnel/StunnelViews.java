package dev.tproxy.generate.internal.stunnel;

import java.util.List;

/** What the stunnel template reads. */
public final class StunnelViews {
  private StunnelViews() {}

  /** @param setuid the user to run as; null when transparent (stunnel then needs root) */
  public record Config(String service, String setuid, Service primary, List<Secondary> secondaries) {}

  /**
   * The service that accepts connections.
   *
   * @param sessionCacheSize entries (stunnel counts sessions, not bytes); null with resumption off
   * @param verify {@code on}, {@code optional} or null
   */
  public record Service(
      List<String> accept,
      String connect,
      String certificate,
      String key,
      String versionMin,
      String versionMax,
      String ciphers,
      Long sessionCacheSize,
      long sessionCacheTimeout,
      boolean tickets,
      String verify,
      String caFile,
      boolean transparent,
      long connectTimeout,
      long idleTimeout,
      boolean proxyProtocol) {}

  /** A certificate for other server names: stunnel's SNI secondary service. */
  public record Secondary(String name, List<String> sni, String connect, String certificate, String key) {}
}
