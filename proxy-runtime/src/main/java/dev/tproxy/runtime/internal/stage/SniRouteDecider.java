package dev.tproxy.runtime.internal.stage;

import dev.tproxy.model.SniRoute;
import dev.tproxy.model.SniRule;
import dev.tproxy.runtime.RouteReason;
import dev.tproxy.runtime.ServiceCounters;
import dev.tproxy.runtime.internal.limit.ConnectionLimit;
import dev.tproxy.runtime.internal.route.SniRouter;
import dev.tproxy.runtime.internal.tls.ClientHello;
import dev.tproxy.runtime.internal.tls.ClientHelloParser;
import io.netty.buffer.ByteBuf;
import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * nginx's {@code ssl_preread} in front of a {@code map}: waits for the whole ClientHello and routes
 * by its server name and ALPN; anything that is not TLS or not a well-formed hello goes to the
 * default with its bytes; a client that goes silent, stops sending, or sends more than the preread
 * limit without completing its hello is closed, as nginx's preread phase does.
 */
public final class SniRouteDecider implements RouteDecider {
  private final SniRouter router;
  private final Duration timeout;
  private final Map<SniRule, ConnectionLimit> limits = new IdentityHashMap<>();
  private final Set<ServiceCounters.Route> routes;

  public SniRouteDecider(String service, SniRoute stage, Duration prereadTimeout) {
    this.router = new SniRouter(stage);
    this.timeout = prereadTimeout;
    for (SniRule r : stage.rules()) {
      String matches = r.serverNames().isEmpty() ? "alpn " + String.join(",", r.alpn()) : "sni " + String.join(",", r.serverNames());
      r.maxConnections().ifPresent(max -> limits.put(r,
          new ConnectionLimit("service " + service + " route " + matches + " -> " + r.target().name(), max)));
    }
    Set<ServiceCounters.Route> all = new LinkedHashSet<>();
    for (SniRule r : stage.rules()) {
      if (!r.serverNames().isEmpty()) {
        all.add(new ServiceCounters.Route(r.target().name(), RouteReason.SNI));
      }
      if (!r.alpn().isEmpty()) {
        all.add(new ServiceCounters.Route(r.target().name(), RouteReason.ALPN));
      }
    }
    all.add(new ServiceCounters.Route(stage.defaultTarget().name(), RouteReason.DEFAULT));
    this.routes = Set.copyOf(all);
  }

  @Override
  public Set<ServiceCounters.Route> routes() {
    return routes;
  }

  @Override
  public Decision onConnect() {
    return Decision.NEED_MORE;
  }

  @Override
  public Decision onData(ByteBuf received) {
    ClientHello hello = ClientHelloParser.parse(received);
    if (hello.status() == ClientHello.Status.NEED_MORE) {
      return Decision.NEED_MORE;
    }
    SniRouter.Choice choice = router.route(hello);
    ConnectionLimit limit = choice.rule().map(r -> limits.getOrDefault(r, ConnectionLimit.NONE)).orElse(ConnectionLimit.NONE);
    return new Decision.Route(choice.target(), choice.reason(), choice.why(), limit);
  }

  @Override
  public Optional<Duration> timeout() {
    return Optional.of(timeout);
  }

  @Override
  public Decision onTimeout(ByteBuf received) {
    return new Decision.Close("no complete ClientHello within " + timeout.toMillis() + " ms (preread timeout)");
  }

  @Override
  public Decision onEndOfInput(ByteBuf received) {
    return new Decision.Close("client ended its data before a complete ClientHello");
  }

  @Override
  public Decision onLimit(ByteBuf received) {
    return new Decision.Close("no complete ClientHello within " + received.readableBytes() + " bytes (preread buffer full)");
  }
}
