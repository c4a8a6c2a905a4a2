package dev.tproxy.runtime.internal.route;

import dev.tproxy.model.SniRoute;
import dev.tproxy.model.SniRule;
import dev.tproxy.model.Target;
import dev.tproxy.runtime.internal.tls.ClientHello;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Chooses the target of an sni-route stage the way an nginx {@code map $ssl_preread_server_name}
 * with {@code hostnames} does, whatever the order of the rules: an exact name first, then the
 * longest matching {@code *.suffix} wildcard (which needs at least one more label), then the
 * first ALPN rule offering a protocol the client lists, then the default. Names compare
 * case-insensitively. Anything that is not a complete ClientHello goes to the default.
 */
public final class SniRouter {

  /** A chosen target and, for the connection log, why. */
  public record Choice(Target target, String why) {}

  private record Wildcard(String suffix, Target target) {}

  private record AlpnRule(List<String> protocols, Target target) {}

  private final Map<String, Target> exact = new HashMap<>();
  private final List<Wildcard> wildcards = new ArrayList<>();
  private final List<AlpnRule> alpnRules = new ArrayList<>();
  private final Target defaultTarget;

  public SniRouter(SniRoute stage) {
    for (SniRule rule : stage.rules()) {
      for (String name : rule.serverNames()) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.startsWith("*.")) {
          wildcards.add(new Wildcard(lower.substring(1), rule.target()));
        } else {
          exact.putIfAbsent(lower, rule.target());
        }
      }
      if (!rule.alpn().isEmpty()) {
        alpnRules.add(new AlpnRule(rule.alpn(), rule.target()));
      }
    }
    wildcards.sort(Comparator.comparingInt((Wildcard w) -> w.suffix().length()).reversed());
    this.defaultTarget = stage.defaultTarget();
  }

  public Choice route(ClientHello hello) {
    if (!hello.isComplete()) {
      return new Choice(defaultTarget, "default (" + describe(hello) + ")");
    }
    if (hello.serverName().isPresent()) {
      String name = hello.serverName().get();
      Target t = exact.get(name);
      if (t != null) {
        return new Choice(t, "sni " + name);
      }
      for (Wildcard w : wildcards) {
        if (name.length() > w.suffix().length() && name.endsWith(w.suffix())) {
          return new Choice(w.target(), "sni " + name + " (*" + w.suffix() + ")");
        }
      }
    }
    for (AlpnRule rule : alpnRules) {
      for (String offered : hello.alpn()) {
        if (rule.protocols().contains(offered)) {
          return new Choice(rule.target(), "alpn " + offered);
        }
      }
    }
    String sni = hello.serverName().map(n -> "sni " + n + " unmatched").orElse("sni " + hello.sniNote());
    return new Choice(defaultTarget, "default (" + sni + ")");
  }

  private static String describe(ClientHello hello) {
    return switch (hello.status()) {
      case NOT_TLS -> "not TLS: " + hello.problem();
      case MALFORMED -> "malformed ClientHello: " + hello.problem();
      default -> hello.status().toString();
    };
  }
}
