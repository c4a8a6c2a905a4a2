package dev.tproxy.runtime.internal.route;

import dev.tproxy.model.SniRoute;
import dev.tproxy.model.SniRule;
import dev.tproxy.model.Target;
import dev.tproxy.runtime.RouteReason;
import dev.tproxy.runtime.internal.tls.ClientHello;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Chooses the target of an sni-route stage the way an nginx {@code map $ssl_preread_server_name}
 * with {@code hostnames} does, whatever the order of the rules: an exact name first, then the
 * longest matching {@code *.suffix} wildcard (which needs at least one more label), then the
 * first ALPN rule offering a protocol the client lists, then the default. Names compare
 * case-insensitively. Anything that is not a complete ClientHello goes to the default.
 */
public final class SniRouter {

  /**
   * A chosen target, the kind of rule that chose it and, for the connection log, why.
   *
   * @param rule the rule that chose it; empty for the default
   */
  public record Choice(Target target, RouteReason reason, String why, Optional<SniRule> rule) {}

  private final HostnameMap<SniRule> names = new HostnameMap<>();
  private final List<SniRule> alpnRules = new ArrayList<>();
  private final Target defaultTarget;

  public SniRouter(SniRoute stage) {
    for (SniRule rule : stage.rules()) {
      for (String name : rule.serverNames()) {
        names.put(name, rule);
      }
      if (!rule.alpn().isEmpty()) {
        alpnRules.add(rule);
      }
    }
    this.defaultTarget = stage.defaultTarget();
  }

  public Choice route(ClientHello hello) {
    if (!hello.isComplete()) {
      return byDefault("default (" + describe(hello) + ")");
    }
    if (hello.serverName().isPresent()) {
      String name = hello.serverName().get();
      Optional<HostnameMap.Match<SniRule>> m = names.find(name);
      if (m.isPresent()) {
        SniRule rule = m.get().value();
        String why = m.get().pattern().startsWith("*") ? "sni " + name + " (" + m.get().pattern() + ")" : "sni " + name;
        return new Choice(rule.target(), RouteReason.SNI, why, Optional.of(rule));
      }
    }
    for (SniRule rule : alpnRules) {
      for (String offered : hello.alpn()) {
        if (rule.alpn().contains(offered)) {
          return new Choice(rule.target(), RouteReason.ALPN, "alpn " + offered, Optional.of(rule));
        }
      }
    }
    String sni = hello.serverName().map(n -> "sni " + n + " unmatched").orElse("sni " + hello.sniNote());
    return byDefault("default (" + sni + ")");
  }

  private Choice byDefault(String why) {
    return new Choice(defaultTarget, RouteReason.DEFAULT, why, Optional.empty());
  }

  private static String describe(ClientHello hello) {
    return switch (hello.status()) {
      case NOT_TLS -> "not TLS: " + hello.problem();
      case MALFORMED -> "malformed ClientHello: " + hello.problem();
      default -> hello.status().toString();
    };
  }
}
