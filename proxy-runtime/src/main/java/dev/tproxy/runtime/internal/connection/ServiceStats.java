package dev.tproxy.runtime.internal.connection;

import dev.tproxy.runtime.ServiceCounters;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** The live counters of one service; written from event loops, read from anywhere. */
public final class ServiceStats implements ServiceCounters {
  final LongAdder accepted = new LongAdder();
  final LongAdder active = new LongAdder();
  final LongAdder closed = new LongAdder();
  final LongAdder connectFailures = new LongAdder();
  final LongAdder refused = new LongAdder();
  final LongAdder tlsFailures = new LongAdder();
  final LongAdder bytesFromClients = new LongAdder();
  final LongAdder bytesToClients = new LongAdder();
  private final ConcurrentHashMap<String, LongAdder> routes = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<BindOutcome, LongAdder> binds = new ConcurrentHashMap<>();

  void routed(String target) {
    routes.computeIfAbsent(target, t -> new LongAdder()).increment();
  }

  void bound(BindOutcome outcome) {
    binds.computeIfAbsent(outcome, o -> new LongAdder()).increment();
  }

  private long count(BindOutcome outcome) {
    LongAdder a = binds.get(outcome);
    return a == null ? 0 : a.sum();
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
  public long routedTo(String target) {
    LongAdder a = routes.get(target);
    return a == null ? 0 : a.sum();
  }

  @Override
  public long connectFailures() {
    return connectFailures.sum();
  }

  @Override
  public long refusedByLimit() {
    return refused.sum();
  }

  @Override
  public long tlsFailures() {
    return tlsFailures.sum();
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
    return count(BindOutcome.CLIENT_PORT);
  }

  @Override
  public long transparentNewPortAfterConflict() {
    return count(BindOutcome.NEW_PORT_AFTER_CONFLICT);
  }

  @Override
  public long transparentNewPortByPolicy() {
    return count(BindOutcome.NEW_PORT_BY_POLICY);
  }

  @Override
  public long transparentSkippedLocalClient() {
    return count(BindOutcome.SKIPPED_LOCAL_CLIENT);
  }

  @Override
  public String toString() {
    return "accepted=" + accepted() + " active=" + active() + " closed=" + closed() + " connectFailures="
        + connectFailures() + " refusedByLimit=" + refusedByLimit() + " tlsFailures=" + tlsFailures()
        + " bytesFromClients=" + bytesFromClients() + " bytesToClients=" + bytesToClients()
        + " routes=" + routes + " binds=" + binds;
  }
}
