package dev.tproxy.runtime.internal;

import dev.tproxy.model.Demux;
import dev.tproxy.model.Forward;
import dev.tproxy.model.Service;
import dev.tproxy.model.SniRoute;
import dev.tproxy.model.TlsTerminate;
import dev.tproxy.runtime.RuntimeOptions;
import dev.tproxy.runtime.TlsProvider;
import dev.tproxy.runtime.internal.connection.ConnectionRegistry;
import dev.tproxy.runtime.internal.connection.ServiceStats;
import dev.tproxy.runtime.internal.forward.ConnectionDispatcher;
import dev.tproxy.runtime.internal.forward.Destination;
import dev.tproxy.runtime.internal.forward.LocalAddresses;
import dev.tproxy.runtime.internal.forward.UpstreamConnector;
import dev.tproxy.runtime.internal.limit.ConnectionLimit;
import dev.tproxy.runtime.internal.stage.DemuxDecider;
import dev.tproxy.runtime.internal.stage.ForwardDecider;
import dev.tproxy.runtime.internal.stage.RouteDecider;
import dev.tproxy.runtime.internal.stage.SniRouteDecider;
import dev.tproxy.runtime.internal.terminate.TlsTerminator;
import dev.tproxy.runtime.internal.transport.Transport;
import java.util.Map;
import java.util.Optional;

/**
 * Makes a {@link ServiceUnit} from a service of the model: its stage's decider, its connector and
 * dispatcher, what goes in front of the stage (limit, PROXY header, TLS), and the initializer that
 * puts them on each connection. What is fixed for the runtime's life (transport, options) is given
 * once; a unit is made at start and for each service an update adds or changes.
 */
final class ServiceAssembly {
  private final RuntimeOptions options;
  private final Transport transport;
  private final TlsProvider tlsProvider;
  private final ConnectionRegistry registry;
  private final LocalAddresses localAddresses = new LocalAddresses();

  ServiceAssembly(RuntimeOptions options, Transport transport, TlsProvider tlsProvider, ConnectionRegistry registry) {
    this.options = options;
    this.transport = transport;
    this.tlsProvider = tlsProvider;
    this.registry = registry;
  }

  TlsProvider tlsProvider() {
    return tlsProvider;
  }

  /**
   * A unit for {@code s}. A tls-terminate stage that is unchanged keeps {@code previous}'s
   * terminator (its certificates are watched already); a new or changed one reads its files now,
   * and fails here, before anything of the update is applied, when they cannot be read.
   */
  ServiceUnit assemble(Service s, Map<String, Destination> targets, ServiceStats stats, Optional<ServiceUnit> previous) {
    Optional<TlsTerminator> terminator = Optional.empty();
    if (s.stage() instanceof TlsTerminate tls) {
      Optional<TlsTerminator> kept = previous.filter(p -> p.service().stage().equals(tls)).flatMap(ServiceUnit::terminator);
      terminator = kept.isPresent() ? kept
          : Optional.of(TlsTerminator.start(s.name(), tls, tlsProvider, tls.effectiveHandshakeTimeout()));
    }
    boolean transparent = s.transparent() && !options.localMode();
    UpstreamConnector connector = new UpstreamConnector(transport, new UpstreamConnector.Settings(transparent,
        s.effectiveTransparentBind(), s.effectiveConnectTimeout(), options.allocator().orElse(null)), localAddresses);
    ConnectionDispatcher dispatcher = new ConnectionDispatcher(targets, connector,
        new ConnectionDispatcher.Settings(s.halfClose(), s.effectiveIdleTimeout(), options.splice(), s.proxyProtocol().send()));
    ServiceInitializer initializer = new ServiceInitializer(s.name(), stats, registry, front(s, terminator), decider(s),
        dispatcher, prereadLimit(s));
    return new ServiceUnit(s, targets, initializer, terminator);
  }

  private ServiceInitializer.Front front(Service s, Optional<TlsTerminator> terminator) {
    ConnectionLimit limit = s.maxConnections().isPresent()
        ? new ConnectionLimit("service " + s.name(), s.maxConnections().getAsInt()) : ConnectionLimit.NONE;
    Optional<ServiceInitializer.ProxyAccept> proxy = s.proxyProtocol().accept()
        ? Optional.of(new ServiceInitializer.ProxyAccept(s.proxyProtocol().effectiveTrusted(), s.proxyProtocol().effectiveTimeout()))
        : Optional.empty();
    return new ServiceInitializer.Front(limit, proxy, terminator, options.connectionLog());
  }

  /**
   * The most bytes a stage reads before it must decide: an sni-route stage's preread buffer
   * (nginx's preread_buffer_size), else the same 16 KiB (a demux stage, as sslh, gives up on a
   * first flight that no probe has decided by then).
   */
  private static int prereadLimit(Service s) {
    return s.stage() instanceof SniRoute r ? r.effectivePrereadBuffer() : SniRoute.DEFAULT_PREREAD_BUFFER;
  }

  private static RouteDecider decider(Service s) {
    if (s.stage() instanceof Demux d) {
      return new DemuxDecider(s.name(), d, s.engine());
    }
    if (s.stage() instanceof SniRoute r) {
      return new SniRouteDecider(s.name(), r, r.effectivePrereadTimeout());
    }
    if (s.stage() instanceof Forward f) {
      return new ForwardDecider(f);
    }
    if (s.stage() instanceof TlsTerminate tls) {
      // The TLS gate makes the connection active once the handshake is done: then connect.
      return new ForwardDecider(tls.target(), "tls-terminate");
    }
    throw new IllegalStateException("refused at start: " + s.stage().kind());
  }
}
