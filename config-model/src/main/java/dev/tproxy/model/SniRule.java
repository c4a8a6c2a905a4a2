package dev.tproxy.model;

import java.util.List;
import java.util.OptionalInt;

/**
 * One route of an sni-route stage: either by server name ({@code t1.example.org} or
 * {@code *.example.org}) or, for clients whose name matched nothing, by offered ALPN protocol.
 *
 * @param maxConnections connections this route may hold at once; more that it would take are
 *     closed at once
 */
public record SniRule(List<String> serverNames, List<String> alpn, Target target, OptionalInt maxConnections) {

  public SniRule {
    serverNames = Lists.copy(serverNames);
    alpn = Lists.copy(alpn);
    maxConnections = maxConnections == null ? OptionalInt.empty() : maxConnections;
  }

  /** A route without a connection limit. */
  public SniRule(List<String> serverNames, List<String> alpn, Target target) {
    this(serverNames, alpn, target, OptionalInt.empty());
  }

  /** This route with at most {@code max} connections at once. */
  public SniRule withMaxConnections(int max) {
    return new SniRule(serverNames, alpn, target, OptionalInt.of(max));
  }

  public static SniRule serverNames(List<String> names, String target) {
    return new SniRule(names, List.of(), Target.of(target));
  }

  public static SniRule alpn(List<String> protocols, String target) {
    return new SniRule(List.of(), protocols, Target.of(target));
  }
}
