package dev.tproxy.model;

import java.util.List;
import java.util.OptionalInt;

/**
 * One rule of a demux stage: when {@code probe} recognises the first bytes, the connection goes
 * to {@code target}.
 *
 * @param sni for {@code tls}: glob patterns the SNI must match (sslh {@code sni_hostnames})
 * @param alpn for {@code tls}: glob patterns one offered ALPN protocol must match
 * @param patterns for {@code regex}: regular expressions tried on the first bytes
 * @param minLength for {@code regex}: bytes to wait for before the patterns are tried
 * @param maxConnections connections this rule's target may hold at once; more that the probe
 *     sends here are closed at once (sslh 2.3's per-protocol {@code max_connections})
 */
public record ProbeRule(
    Probe probe,
    Target target,
    List<String> sni,
    List<String> alpn,
    List<String> patterns,
    OptionalInt minLength,
    OptionalInt maxConnections) {

  public ProbeRule {
    sni = Lists.copy(sni);
    alpn = Lists.copy(alpn);
    patterns = Lists.copy(patterns);
    minLength = minLength == null ? OptionalInt.empty() : minLength;
    maxConnections = maxConnections == null ? OptionalInt.empty() : maxConnections;
  }

  /** A rule without a connection limit. */
  public ProbeRule(Probe probe, Target target, List<String> sni, List<String> alpn, List<String> patterns,
      OptionalInt minLength) {
    this(probe, target, sni, alpn, patterns, minLength, OptionalInt.empty());
  }

  /** This rule with at most {@code max} connections at once. */
  public ProbeRule withMaxConnections(int max) {
    return new ProbeRule(probe, target, sni, alpn, patterns, minLength, OptionalInt.of(max));
  }

  public static ProbeRule of(Probe probe, String target) {
    return new ProbeRule(probe, Target.of(target), List.of(), List.of(), List.of(), OptionalInt.empty());
  }

  public static ProbeRule tls(String target, List<String> sni, List<String> alpn) {
    return new ProbeRule(Probe.TLS, Target.of(target), sni, alpn, List.of(), OptionalInt.empty());
  }

  public static ProbeRule regex(String target, List<String> patterns, OptionalInt minLength) {
    return new ProbeRule(Probe.REGEX, Target.of(target), List.of(), List.of(), patterns, minLength);
  }
}
