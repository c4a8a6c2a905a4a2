package dev.tproxy.generate.internal.nginx;

import java.util.List;

/**
 * What the nginx templates read. Values are plain strings (escaped by the nginx output format)
 * or {@code SyntaxMarkup} built by {@link NginxServers} (variables, map keys), hence
 * {@code Object} where either can stand.
 */
public final class NginxViews {
  private NginxViews() {}

  /** The standalone nginx.conf. */
  /**
   * @param workerConnections per worker, counting both sides of a proxied connection
   * @param workerOpenFiles worker_rlimit_nofile when the services' max-connections need more than
   *     the default; null: the default
   */
  public record Conf(String streamModule, String user, String pidFile, String errorLog, String streamInclude,
      int workerConnections, Integer workerOpenFiles) {}

  /** The stream include: one entry per nginx service. */
  public record Stream(List<Server> servers) {}

  /**
   * @param stage the stage's name, for the comment above the server
   * @param bindSource {@code $remote_addr} (or {@code $proxy_protocol_addr}) when transparent, else null
   * @param proxyProtocol {@code on} or {@code v2} when sending PROXY, else null
   * @param allowFrom peers trusted to send a PROXY header; others are denied
   * @param proxyProtocolTimeout {@code proxy_protocol_timeout} when the topology sets it, else null
   * @param prereadTimeout {@code preread_timeout} when the topology sets it, else null
   * @param prereadBuffer {@code preread_buffer_size} when the topology sets it, else null
   */
  public record Server(
      String name,
      String stage,
      List<Listen> listen,
      List<NginxMap> maps,
      Limit limit,
      boolean sslPreread,
      Object proxyPass,
      Object bindSource,
      String connectTimeout,
      String idleTimeout,
      String proxyProtocol,
      boolean halfClose,
      List<String> allowFrom,
      String proxyProtocolTimeout,
      String prereadTimeout,
      String prereadBuffer,
      Tls tls) {}

  public record Listen(String address, boolean ssl, boolean proxyProtocol) {}

  /** A {@code map} in the stream context. */
  public record NginxMap(Object source, Object variable, boolean hostnames, Object defaultValue, List<Entry> entries) {}

  public record Entry(Object key, Object value) {}

  /** {@code limit_conn_zone} and {@code limit_conn} of a service with max-connections. */
  public record Limit(String key, String zone, int max) {}

  /**
   * @param sessionZone the shared cache zone, null when the cache is off
   * @param verifyClient {@code on} or {@code optional}, null when off
   * @param handshakeTimeout {@code ssl_handshake_timeout} when the topology sets it, else null
   */
  public record Tls(
      Object certificate,
      Object certificateKey,
      String passwordFile,
      List<String> protocols,
      String ciphers,
      String sessionZone,
      String sessionSize,
      String sessionTimeout,
      boolean tickets,
      String verifyClient,
      String clientCertificate,
      String handshakeTimeout) {}
}
