package dev.tproxy.runtime.internal.connection;

import dev.tproxy.runtime.BindOutcome;
import dev.tproxy.runtime.RouteReason;
import dev.tproxy.runtime.ServiceCounters;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The live counters of one service; written from event loops, read from anywhere. Counting a
 * connection allocates nothing: the per-target counters of the routes the stage can take exist
 * from start ({@link #expect}), and outcomes are indexed by their ordinal.
 */
public final class ServiceStats implements ServiceCounters {
  private static final RouteReason[] REASONS = RouteReason.values();
  private static final BindOutcome[] BIND_OUTCOMES = BindOutcome.values();

  final LongAdder accepted = new LongAdder();
  final LongAdder active = new LongAdder();
  final LongAdder closed = new LongAdder();
  final LongAdder connectFailures = new LongAdder();
  final LongAdder refused = new LongAdder();
  final LongAdder bytesFromClients = new LongAdder();
  final LongAdder bytesToClients = new LongAdder();
  private final LongAdder decisions = new LongAdder();
  private final LongAdder decisionNanos = new LongAdder();
  private final LongAdder tlsHandshakes = new LongAdder();
  private final LongAdder tlsHandshakeFailures = new LongAdder();
  private final LongAdder tlsClientRefusals = new LongAdder();
  private final LongAdder proxyHeaderErrors = new LongAdder();
  private final LongAdder[] binds = adders(BIND_OUTCOMES.length);
  /** By target name; a target the stage did not announce gets its counters when first routed to. */
  private final Map<String, TargetStats> targets = new ConcurrentHashMap<>();

  /** The counters of one target of the service. */
  private static final class TargetStats {
    final LongAdder[] routed = adders(REASONS.length);
    /** Reasons the stage can route here for: listed by {@link #routes()} before they are counted. */
    final boolean[] expected = new boolean[REASONS.length];
    final LongAdder refusedByRoute = new LongAdder();
    final LongAdder connectFailures = new LongAdder();
    final LongAdder connects = new LongAdder();
    final LongAdder connectNanos = new LongAdder();
  }

  private static LongAdder[] adders(int n) {
    LongAdder[] a = new LongAdder[n];
    for (int i = 0; i < n; i++) {
      a[i] = new LongAdder();
    }
    return a;
  }

  /** The routes the service's stage can take: listed (at zero) from now on. Called before it accepts. */
  public void expect(Collection<Route> routes) {
    for (Route r : routes) {
      TargetStats t = target(r.target());
      synchronized (t) {
        t.expected[r.reason().ordinal()] = true;
      }
    }
  }

  private TargetStats target(String name) {
    TargetStats t = targets.get(name); // the usual case, without computeIfAbsent's locking
    return t != null ? t : targets.computeIfAbsent(name, n -> new TargetStats());
  }

  private long targetCount(String name, java.util.function.ToLongFunction<TargetStats> count) {
    TargetStats t = targets.get(name);
    return t == null ? 0 : count.applyAsLong(t);
  }

  void countRouted(String target, RouteReason reason) {
    target(target).routed[reason.ordinal()].increment();
  }

  void countRefusedByRoute(String target) {
    refused.increment();
    target(target).refusedByRoute.increment();
  }

  /** @param target null when no route was chosen */
  void countConnectFailure(String target) {
    connectFailures.increment();
    if (target != null) {
      target(target).connectFailures.increment();
    }
  }

  void countConnect(String target, long nanos) {
    TargetStats t = target(target);
    t.connects.increment();
    t.connectNanos.add(nanos);
  }

  void countBind(BindOutcome outcome) {
    binds[outcome.ordinal()].increment();
  }

  void countDecision(long nanos) {
    decisions.increment();
    decisionNanos.add(nanos);
  }

  void countTlsHandshake() {
    tlsHandshakes.increment();
  }

  void countTlsHandshakeFailure() {
    tlsHandshakeFailures.increment();
  }

  void countTlsClientRefusal() {
    tlsClientRefusals.increment();
  }

  void countProxyHeaderError() {
    proxyHeaderErrors.increment();
  }

  @Override
  public long accepted() {
    return accepted.sum();
  }

  @Override
  public long active() {
    return active.sum();
  }

  @Override
  public long closed() {
    return closed.sum();
  }

  @Override
  public Set<Route> routes() {
    Set<Route> routes = new LinkedHashSet<>();
    targets.forEach((name, t) -> {
      for (RouteReason r : REASONS) {
        boolean expected;
        synchronized (t) {
          expected = t.expected[r.ordinal()];
        }
        if (expected || t.routed[r.ordinal()].sum() > 0) {
          routes.add(new Route(name, r));
        }
      }
    });
    return java.util.Collections.unmodifiableSet(routes);
  }

  @Override
  public long routedTo(String target) {
    return targetCount(target, t -> {
      long n = 0;
      for (LongAdder a : t.routed) {
        n += a.sum();
      }
      return n;
    });
  }

  @Override
  public long routed(String target, RouteReason reason) {
    return targetCount(target, t -> t.routed[reason.ordinal()].sum());
  }

  @Override
  public long connectFailures() {
    return connectFailures.sum();
  }

  @Override
  public long connectFailures(String target) {
    return targetCount(target, t -> t.connectFailures.sum());
  }

  @Override
  public long connects(String target) {
    return targetCount(target, t -> t.connects.sum());
  }

  @Override
  public long connectNanos(String target) {
    return targetCount(target, t -> t.connectNanos.sum());
  }

  @Override
  public long refusedByLimit() {
    return refused.sum();
  }

  @Override
  public long refusedByRouteLimit(String target) {
    return targetCount(target, t -> t.refusedByRoute.sum());
  }

  @Override
  public long decisions() {
    return decisions.sum();
  }

  @Override
  public long decisionNanos() {
    return decisionNanos.sum();
  }

  @Override
  public long tlsFailures() {
    return tlsHandshakeFailures.sum() + tlsClientRefusals.sum();
  }

  @Override
  public long tlsHandshakes() {
    return tlsHandshakes.sum();
  }

  @Override
  public long tlsHandshakeFailures() {
    return tlsHandshakeFailures.sum();
  }

  @Override
  public long tlsClientCertificateRefusals() {
    return tlsClientRefusals.sum();
  }

  @Override
  public long proxyHeaderErrors() {
    return proxyHeaderErrors.sum();
  }

  @Override
  public long bytesFromClients() {
    return bytesFromClients.sum();
  }

  @Override
  public long bytesToClients() {
    return bytesToClients.sum();
  }

  @Override
  public long transparentKeptPort() {
    return binds(BindOutcome.CLIENT_PORT);
  }

  @Override
  public long transparentNewPortAfterConflict() {
    return binds(BindOutcome.NEW_PORT_AFTER_CONFLICT);
  }

  @Override
  public long transparentNewPortByPolicy() {
    return binds(BindOutcome.NEW_PORT_BY_POLICY);
  }

  @Override
  public long transparentSkippedLocalClient() {
    return binds(BindOutcome.SKIPPED_LOCAL_CLIENT);
  }

  @Override
  public long binds(BindOutcome outcome) {
    return binds[outcome.ordinal()].sum();
  }

  @Override
  public String toString() {
    StringBuilder routed = new StringBuilder("{");
    for (Route r : routes()) {
      routed.append(routed.length() > 1 ? ", " : "").append(r.target()).append('/').append(r.reason().tag())
          .append('=').append(routed(r.target(), r.reason()));
    }
    StringBuilder bound = new StringBuilder("{");
    for (BindOutcome o : BIND_OUTCOMES) {
      bound.append(bound.length() > 1 ? ", " : "").append(o).append('=').append(binds(o));
    }
    return "accepted=" + accepted() + " active=" + active() + " closed=" + closed() + " connectFailures="
        + connectFailures() + " refusedByLimit=" + refusedByLimit() + " tlsFailures=" + tlsFailures()
        + " bytesFromClients=" + bytesFromClients() + " bytesToClients=" + bytesToClients()
        + " routes=" + routed.append('}') + " binds=" + bound.append('}');
  }
}
