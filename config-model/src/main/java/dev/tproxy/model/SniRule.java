package dev.tproxy.model;

import java.util.List;

/**
 * One route of an sni-route stage: either by server name ({@code t1.example.org} or
 * {@code *.example.org}) or, for clients whose name matched nothing, by offered ALPN protocol.
 */
public record SniRule(List<String> serverNames, List<String> alpn, Target target) {

  public SniRule {
    serverNames = Lists.copy(serverNames);
    alpn = Lists.copy(alpn);
  }

  public static SniRule serverNames(List<String> names, String target) {
    return new SniRule(names, List.of(), Target.of(target));
  }

  public static SniRule alpn(List<String> protocols, String target) {
    return new SniRule(List.of(), protocols, Target.of(target));
  }
}
