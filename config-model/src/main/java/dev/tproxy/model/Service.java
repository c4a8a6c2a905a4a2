package dev.tproxy.model;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;

/**
 * Something that listens and does one {@link Stage} with each connection.
 *
 * @param engine the program that realises it in production (tproxy's runtime can run any service)
 * @param transparent connect to targets from the client's own address (IP_TRANSPARENT)
 * @param connectTimeout absent: the engine's default (nginx and tproxy: 60 s)
 * @param idleTimeout absent: the engine's default (nginx and tproxy: 10 min)
 * @param maxConnections connections served at once; more are closed at once
 * @param halfClose relay a client's shutdown of its sending side and keep reading the reply
 *     (nginx {@code proxy_half_close})
 * @param transparentBind absent: the engine's own way ({@link #effectiveTransparentBind()})
 */
public record Service(
    String name,
    List<SocketEndpoint> listen,
    Engine engine,
    boolean transparent,
    Optional<Duration> connectTimeout,
    Optional<Duration> idleTimeout,
    ProxyProtocol proxyProtocol,
    OptionalInt maxConnections,
    boolean halfClose,
    Optional<TransparentBind> transparentBind,
    Stage stage) {

  /** A service that binds transparent connections the engine's own way. */
  public Service(String name, List<SocketEndpoint> listen, Engine engine, boolean transparent,
      Optional<Duration> connectTimeout, Optional<Duration> idleTimeout, ProxyProtocol proxyProtocol,
      OptionalInt maxConnections, boolean halfClose, Stage stage) {
    this(name, listen, engine, transparent, connectTimeout, idleTimeout, proxyProtocol, maxConnections, halfClose,
        Optional.empty(), stage);
  }

  public Service {
    listen = Lists.copy(listen);
    engine = engine == null ? Engine.of(EngineKind.TPROXY) : engine;
    connectTimeout = connectTimeout == null ? Optional.empty() : connectTimeout;
    idleTimeout = idleTimeout == null ? Optional.empty() : idleTimeout;
    proxyProtocol = proxyProtocol == null ? ProxyProtocol.NONE : proxyProtocol;
    maxConnections = maxConnections == null ? OptionalInt.empty() : maxConnections;
    transparentBind = transparentBind == null ? Optional.empty() : transparentBind;
  }

  /** How transparent connections bind: as written, or the engine's own way. */
  public TransparentBind effectiveTransparentBind() {
    return transparentBind.orElseGet(() -> TransparentBind.of(EngineCapabilities.of(engine).bindBehaviour()));
  }

  /**
   * How this service binds, for the checks along a chain: the engine's own behaviour, or, where
   * the topology asks tproxy for new ports, nginx's.
   */
  public BindBehaviour effectiveBindBehaviour() {
    BindBehaviour own = EngineCapabilities.of(engine).bindBehaviour();
    return effectiveTransparentBind() == TransparentBind.NEW_PORT ? BindBehaviour.NEW_PORT : own;
  }

  /** nginx's proxy_connect_timeout default, which tproxy follows. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(60);

  /** nginx's proxy_timeout default, which tproxy follows. */
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(10);

  public Duration effectiveConnectTimeout() {
    return connectTimeout.orElse(DEFAULT_CONNECT_TIMEOUT);
  }

  public Duration effectiveIdleTimeout() {
    return idleTimeout.orElse(DEFAULT_IDLE_TIMEOUT);
  }

  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** Fluent construction for embedding; see {@link Topology#builder(String)}. */
  public static final class Builder {
    private final String name;
    private final List<SocketEndpoint> listen = new ArrayList<>();
    private Engine engine = Engine.of(EngineKind.TPROXY);
    private boolean transparent;
    private Duration connectTimeout;
    private Duration idleTimeout;
    private ProxyProtocol proxyProtocol = ProxyProtocol.NONE;
    private Integer maxConnections;
    private boolean halfClose;
    private TransparentBind transparentBind;
    private Stage stage;

    private Builder(String name) {
      this.name = name;
    }

    /** {@code 0.0.0.0:443}, {@code [::]:443}; port 0 picks a free port (runtime only). */
    public Builder listen(String address) {
      listen.add(SocketEndpoint.parse(address));
      return this;
    }

    public Builder listen(SocketEndpoint address) {
      listen.add(address);
      return this;
    }

    public Builder engine(EngineKind kind) {
      this.engine = Engine.of(kind);
      return this;
    }

    public Builder engine(EngineKind kind, String version) {
      this.engine = Engine.of(kind, version);
      return this;
    }

    public Builder transparent(boolean transparent) {
      this.transparent = transparent;
      return this;
    }

    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = timeout;
      return this;
    }

    public Builder idleTimeout(Duration timeout) {
      this.idleTimeout = timeout;
      return this;
    }

    public Builder proxyProtocol(ProxyProtocol proxyProtocol) {
      this.proxyProtocol = proxyProtocol;
      return this;
    }

    public Builder maxConnections(int max) {
      this.maxConnections = max;
      return this;
    }

    public Builder halfClose(boolean halfClose) {
      this.halfClose = halfClose;
      return this;
    }

    /** How transparent connections bind; unset: the engine's own way. */
    public Builder transparentBind(TransparentBind bind) {
      this.transparentBind = bind;
      return this;
    }

    public Builder stage(Stage stage) {
      this.stage = stage;
      return this;
    }

    public Builder forward(String target) {
      return stage(new Forward(Target.of(target)));
    }

    public Builder demux(Consumer<DemuxBuilder> rules) {
      DemuxBuilder d = new DemuxBuilder();
      rules.accept(d);
      return stage(d.build());
    }

    public Builder sniRoute(String defaultTarget, Consumer<SniRouteBuilder> rules) {
      SniRouteBuilder s = new SniRouteBuilder();
      rules.accept(s);
      return stage(new SniRoute(s.rules, Target.of(defaultTarget), Optional.ofNullable(s.prereadTimeout),
          s.prereadBuffer == null ? OptionalInt.empty() : OptionalInt.of(s.prereadBuffer)));
    }

    public Builder tlsTerminate(String target, Consumer<TlsTerminateBuilder> settings) {
      TlsTerminateBuilder t = new TlsTerminateBuilder();
      settings.accept(t);
      return stage(t.build(Target.of(target)));
    }

    public Service build() {
      return new Service(
          name,
          listen,
          engine,
          transparent,
          Optional.ofNullable(connectTimeout),
          Optional.ofNullable(idleTimeout),
          proxyProtocol,
          maxConnections == null ? OptionalInt.empty() : OptionalInt.of(maxConnections),
          halfClose,
          Optional.ofNullable(transparentBind),
          stage);
    }
  }

  /** Rules of a demux stage, in probing order. */
  public static final class DemuxBuilder {
    private final List<ProbeRule> rules = new ArrayList<>();
    private Duration probeTimeout;
    private Target onTimeout;

    public DemuxBuilder rule(Probe probe, String target) {
      rules.add(ProbeRule.of(probe, target));
      return this;
    }

    public DemuxBuilder rule(ProbeRule rule) {
      rules.add(rule);
      return this;
    }

    public DemuxBuilder tls(String target, List<String> sni, List<String> alpn) {
      rules.add(ProbeRule.tls(target, sni, alpn));
      return this;
    }

    public DemuxBuilder probeTimeout(Duration timeout) {
      this.probeTimeout = timeout;
      return this;
    }

    public DemuxBuilder onTimeout(String target) {
      this.onTimeout = Target.of(target);
      return this;
    }

    Demux build() {
      return new Demux(rules, Optional.ofNullable(probeTimeout), Optional.ofNullable(onTimeout));
    }
  }

  /** Routes of an sni-route stage. */
  public static final class SniRouteBuilder {
    private final List<SniRule> rules = new ArrayList<>();
    private Duration prereadTimeout;
    private Integer prereadBuffer;

    /** How long to wait for the ClientHello (nginx {@code preread_timeout}, 30 s). */
    public SniRouteBuilder prereadTimeout(Duration timeout) {
      this.prereadTimeout = timeout;
      return this;
    }

    /** How many bytes of ClientHello to read at most (nginx {@code preread_buffer_size}, 16k). */
    public SniRouteBuilder prereadBuffer(int bytes) {
      this.prereadBuffer = bytes;
      return this;
    }

    public SniRouteBuilder serverNames(String target, String... names) {
      rules.add(SniRule.serverNames(List.of(names), target));
      return this;
    }

    public SniRouteBuilder alpn(String target, String... protocols) {
      rules.add(SniRule.alpn(List.of(protocols), target));
      return this;
    }

    /** Any route, e.g. one with a connection limit: {@code SniRule.serverNames(...).withMaxConnections(10)}. */
    public SniRouteBuilder rule(SniRule rule) {
      rules.add(rule);
      return this;
    }
  }

  /** Settings of a tls-terminate stage. */
  public static final class TlsTerminateBuilder {
    private final List<CertificateEntry> certificates = new ArrayList<>();
    private final List<TlsProtocol> protocols = new ArrayList<>();
    private final List<String> ciphers = new ArrayList<>();
    private TlsSession session = TlsSession.DEFAULT;
    private ClientAuth clientAuth = ClientAuth.NONE;
    private Duration handshakeTimeout;

    /** How long a client may take over its handshake (nginx {@code ssl_handshake_timeout}, 60 s). */
    public TlsTerminateBuilder handshakeTimeout(Duration timeout) {
      this.handshakeTimeout = timeout;
      return this;
    }

    public TlsTerminateBuilder certificate(Path certificate, Path key, String... serverNames) {
      certificates.add(CertificateEntry.of(certificate, key, serverNames));
      return this;
    }

    public TlsTerminateBuilder certificate(CertificateEntry entry) {
      certificates.add(entry);
      return this;
    }

    public TlsTerminateBuilder protocols(TlsProtocol... protocols) {
      this.protocols.addAll(List.of(protocols));
      return this;
    }

    public TlsTerminateBuilder ciphers(String... opensslNames) {
      this.ciphers.addAll(List.of(opensslNames));
      return this;
    }

    public TlsTerminateBuilder session(TlsSession session) {
      this.session = session;
      return this;
    }

    public TlsTerminateBuilder clientAuth(ClientAuth clientAuth) {
      this.clientAuth = clientAuth;
      return this;
    }

    TlsTerminate build(Target target) {
      return new TlsTerminate(certificates, protocols, ciphers, session, clientAuth, Optional.ofNullable(handshakeTimeout),
          target);
    }
  }
}
