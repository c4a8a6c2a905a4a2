package dev.tproxy.runtime.internal.stage;

import dev.tproxy.model.Demux;
import dev.tproxy.model.Engine;
import dev.tproxy.model.Probe;
import dev.tproxy.model.ProbeRule;
import dev.tproxy.model.Target;
import dev.tproxy.runtime.RouteReason;
import dev.tproxy.runtime.ServiceCounters;
import dev.tproxy.runtime.internal.limit.ConnectionLimit;
import dev.tproxy.runtime.internal.probe.ProbeChain;
import io.netty.buffer.ByteBuf;
import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * sslh's demultiplexing: the probes decide on every chunk; the probe timeout, counted from accept,
 * always fires and sends a silent or undecided client to the on-timeout target (sslh-ev can miss
 * it, see docs/runtime-vs-sslh-nginx.md); a client that shuts down its side after sending
 * something goes to the last rule, as sslh does when read() ends the probing. A rule's
 * max-connections goes with the route it makes, checked once probing has chosen it (sslh's
 * inc_proto_connections).
 */
public final class DemuxDecider implements RouteDecider {
  private final ProbeChain chain;
  private final Duration timeout;
  private final Target timeoutTarget;
  private final Map<ProbeRule, ConnectionLimit> limits = new IdentityHashMap<>();
  private final ConnectionLimit timeoutLimit;
  private final Set<ServiceCounters.Route> routes;

  public DemuxDecider(String service, Demux stage, Engine engine) {
    this.chain = new ProbeChain(stage.rules());
    this.timeout = stage.effectiveProbeTimeout(engine);
    this.timeoutTarget = stage.effectiveTimeoutTarget().orElseThrow();
    for (ProbeRule r : stage.rules()) {
      r.maxConnections().ifPresent(max -> limits.put(r,
          new ConnectionLimit("service " + service + " route probe " + r.probe().id() + " -> " + r.target().name(), max)));
    }
    // sslh's on-timeout names a protocol, whose limit then applies: here the first rule with that target.
    this.timeoutLimit = stage.rules().stream().filter(r -> r.target().name().equals(timeoutTarget.name()))
        .findFirst().map(this::limitOf).orElse(ConnectionLimit.NONE);
    this.routes = routes(stage.rules(), timeoutTarget);
  }

  /** Each rule's probe, except a final anyprot, which is never probed; the last rule; the on-timeout target. */
  private static Set<ServiceCounters.Route> routes(List<ProbeRule> rules, Target timeoutTarget) {
    Set<ServiceCounters.Route> routes = new LinkedHashSet<>();
    for (int i = 0; i < rules.size(); i++) {
      ProbeRule r = rules.get(i);
      if (i < rules.size() - 1 || r.probe() != Probe.ANYPROT) {
        routes.add(new ServiceCounters.Route(r.target().name(), RouteReason.PROBE));
      }
    }
    routes.add(new ServiceCounters.Route(rules.get(rules.size() - 1).target().name(), RouteReason.DEFAULT));
    routes.add(new ServiceCounters.Route(timeoutTarget.name(), RouteReason.TIMEOUT));
    return Set.copyOf(routes);
  }

  @Override
  public Set<ServiceCounters.Route> routes() {
    return routes;
  }

  private ConnectionLimit limitOf(ProbeRule rule) {
    return limits.getOrDefault(rule, ConnectionLimit.NONE);
  }

  private Decision route(ProbeRule rule, RouteReason reason, String why) {
    return new Decision.Route(rule.target(), reason, why, limitOf(rule));
  }

  @Override
  public Decision onConnect() {
    return Decision.NEED_MORE;
  }

  @Override
  public Decision onData(ByteBuf received) {
    return onData(received, 0);
  }

  @Override
  public Decision onData(ByteBuf received, int decidedBefore) {
    ProbeChain.Outcome outcome = chain.probe(received, decidedBefore);
    return outcome.needsMore() ? Decision.NEED_MORE : route(outcome.rule(), outcome.reason(), outcome.why());
  }

  @Override
  public Optional<Duration> timeout() {
    return Optional.of(timeout);
  }

  @Override
  public Decision onTimeout(ByteBuf received) {
    return new Decision.Route(timeoutTarget, RouteReason.TIMEOUT, "probe timeout after " + timeout.toMillis() + " ms", timeoutLimit);
  }

  @Override
  public Decision onEndOfInput(ByteBuf received) {
    if (!received.isReadable()) {
      return new Decision.Close("client closed before sending anything");
    }
    return route(chain.lastRule(), RouteReason.DEFAULT, "client ended its data undecided, last rule");
  }

  @Override
  public Decision onLimit(ByteBuf received) {
    return route(chain.lastRule(), RouteReason.DEFAULT, "no probe decided within " + received.readableBytes() + " bytes, last rule");
  }
}
