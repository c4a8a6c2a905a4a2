package dev.tproxy.model;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What one engine version can do: the stages it realises, the version each feature arrived in,
 * and how it binds transparent connections. The facts come from each program's sources and were
 * checked on Debian 12 where a binary exists; docs/engines.md lists them with their sources.
 */
public final class EngineCapabilities {

  /** Whether a feature is available, and if not, since which version (if ever) and why. */
  public record Support(boolean available, Optional<Version> since, String note) {
    static Support yes() {
      return new Support(true, Optional.empty(), "");
    }
  }

  private record Entry(Version since, String note) {}

  private static final Version ALWAYS = new Version(0, 0, 0);

  private final Engine engine;
  private final Set<StageKind> stages;
  private final Map<Feature, Entry> features;
  private final BindBehaviour bindBehaviour;

  private EngineCapabilities(
      Engine engine, Set<StageKind> stages, Map<Feature, Entry> features, BindBehaviour bind) {
    this.engine = engine;
    this.stages = stages;
    this.features = features;
    this.bindBehaviour = bind;
  }

  public static EngineCapabilities of(Engine engine) {
    Version v = engine.version();
    Map<Feature, Entry> f = new EnumMap<>(Feature.class);
    return switch (engine.kind()) {
      case SSLH -> {
        f.put(Feature.TRANSPARENT, new Entry(ALWAYS, ""));
        f.put(Feature.MAX_CONNECTIONS, new Entry(Version.of(2, 3), "listen/protocol max_connections"));
        // Checked after probing (common.c inc_proto_connections); sslh-fork cannot, it probes
        // in the forked child (doc/max_connections.md).
        f.put(Feature.ROUTE_MAX_CONNECTIONS,
            new Entry(Version.of(2, 3), "protocol max_connections, in sslh-select and sslh-ev only"));
        f.put(Feature.PROXY_PROTOCOL_ACCEPT,
            new Entry(Version.of(2, 3), "listen proxyprotocol; sslh must be built with libproxyprotocol"));
        f.put(Feature.PROXY_PROTOCOL_SEND_V1, new Entry(new Version(2, 2, 1), "protocol proxyprotocol: 1"));
        f.put(Feature.PROXY_PROTOCOL_SEND_V2, new Entry(new Version(2, 2, 1), "protocol proxyprotocol: 2"));
        f.put(Feature.UNIX_SOCKET_BACKEND, new Entry(new Version(2, 2, 1), "protocol is_unix"));
        f.put(Feature.PROBE_SYSLOG, new Entry(Version.of(1, 22), ""));
        f.put(Feature.PROBE_MSRDP, new Entry(Version.of(2, 0), ""));
        f.put(Feature.REGEX_MIN_LENGTH, new Entry(Version.of(1, 21), "protocol minlength"));
        f.put(Feature.TRANSPARENT_KEEP_CLIENT_PORT, new Entry(ALWAYS, "sslh always binds the client's port first"));
        BindBehaviour bind =
            v.isAtLeast(Version.of(2, 2))
                ? BindBehaviour.COOPERATIVE
                : v.isAtLeast(Version.of(2, 1))
                    ? BindBehaviour.CLIENT_PORT_THEN_EPHEMERAL
                    : BindBehaviour.CLIENT_PORT_NO_FALLBACK;
        yield new EngineCapabilities(engine, EnumSet.of(StageKind.DEMUX), f, bind);
      }
      case NGINX -> {
        f.put(Feature.TRANSPARENT, new Entry(Version.of(1, 11), "proxy_bind $remote_addr transparent"));
        f.put(Feature.CONNECT_TIMEOUT, new Entry(ALWAYS, "proxy_connect_timeout"));
        f.put(Feature.IDLE_TIMEOUT, new Entry(ALWAYS, "proxy_timeout"));
        f.put(Feature.HALF_CLOSE, new Entry(new Version(1, 21, 4), "proxy_half_close"));
        f.put(Feature.MAX_CONNECTIONS, new Entry(ALWAYS, "limit_conn"));
        // No ROUTE_MAX_CONNECTIONS: limit_conn runs in the preaccess phase, before ssl_preread
        // has read the server name a route depends on (ngx_stream_core_module.c phase order).
        f.put(Feature.PROXY_PROTOCOL_ACCEPT, new Entry(new Version(1, 11, 4), "listen ... proxy_protocol"));
        f.put(Feature.PROXY_PROTOCOL_SEND_V1, new Entry(new Version(1, 11, 4), "proxy_protocol on"));
        f.put(Feature.PROXY_PROTOCOL_SEND_V2, new Entry(new Version(1, 31, 4), "proxy_protocol v2"));
        f.put(Feature.UNIX_SOCKET_BACKEND, new Entry(ALWAYS, "proxy_pass unix:"));
        f.put(Feature.SUB_SECOND_PROBE_TIMEOUT, new Entry(ALWAYS, ""));
        f.put(Feature.CLIENT_VERIFY_OPTIONAL, new Entry(ALWAYS, "ssl_verify_client optional"));
        f.put(Feature.KEY_PASSWORD_FILE, new Entry(ALWAYS, "ssl_password_file"));
        f.put(Feature.PREREAD_TIMEOUT, new Entry(new Version(1, 11, 5), "preread_timeout"));
        f.put(Feature.PREREAD_BUFFER, new Entry(new Version(1, 11, 5), "preread_buffer_size"));
        f.put(Feature.TLS_HANDSHAKE_TIMEOUT, new Entry(ALWAYS, "ssl_handshake_timeout"));
        f.put(Feature.PROXY_PROTOCOL_TIMEOUT, new Entry(new Version(1, 11, 4), "proxy_protocol_timeout"));
        f.put(Feature.TRANSPARENT_NEW_PORT, new Entry(ALWAYS, "proxy_bind $remote_addr transparent"));
        yield new EngineCapabilities(
            engine,
            EnumSet.of(StageKind.SNI_ROUTE, StageKind.TLS_TERMINATE, StageKind.FORWARD),
            f,
            BindBehaviour.NEW_PORT);
      }
      case STUNNEL -> {
        f.put(Feature.TRANSPARENT, new Entry(ALWAYS, "transparent = source (runs as root, no setuid)"));
        f.put(Feature.CONNECT_TIMEOUT, new Entry(ALWAYS, "TIMEOUTconnect"));
        f.put(Feature.IDLE_TIMEOUT, new Entry(ALWAYS, "TIMEOUTidle"));
        f.put(Feature.PROXY_PROTOCOL_SEND_V1, new Entry(ALWAYS, "protocol = proxy"));
        f.put(Feature.UNIX_SOCKET_BACKEND, new Entry(ALWAYS, "connect = /path"));
        f.put(Feature.CLIENT_VERIFY_OPTIONAL, new Entry(ALWAYS, "verifyChain without requireCert"));
        f.put(Feature.TRANSPARENT_KEEP_CLIENT_PORT, new Entry(ALWAYS, "transparent = source binds the client's port first"));
        // No FORWARD: stunnel always has TLS on one side. No KEY_PASSWORD_FILE: it asks for the
        // passphrase on its terminal.
        yield new EngineCapabilities(
            engine,
            EnumSet.of(StageKind.TLS_TERMINATE),
            f,
            BindBehaviour.CLIENT_PORT_THEN_EPHEMERAL);
      }
      case TPROXY -> {
        for (Feature feature : Feature.values()) {
          f.put(feature, new Entry(ALWAYS, ""));
        }
        yield new EngineCapabilities(
            engine, EnumSet.allOf(StageKind.class), f, BindBehaviour.COOPERATIVE);
      }
    };
  }

  public Engine engine() {
    return engine;
  }

  public boolean canRealise(StageKind stage) {
    return stages.contains(stage);
  }

  public Set<StageKind> stages() {
    return EnumSet.copyOf(stages);
  }

  public BindBehaviour bindBehaviour() {
    return bindBehaviour;
  }

  public boolean has(Feature feature) {
    return support(feature).available();
  }

  public Support support(Feature feature) {
    Entry e = features.get(feature);
    if (e == null) {
      return new Support(false, Optional.empty(), "");
    }
    if (engine.version().isAtLeast(e.since())) {
      return Support.yes();
    }
    return new Support(false, Optional.of(e.since()), e.note());
  }
}
