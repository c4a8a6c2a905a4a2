package dev.tproxy.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Routing a TLS connection by its ClientHello without terminating it (nginx {@code ssl_preread}
 * with a {@code map}). The semantics are nginx's, whatever the order of the rules: an exact
 * server name wins, then the longest matching {@code *.} wildcard, then the first ALPN rule one
 * of whose protocols the client offers, then {@code defaultTarget}. Names compare
 * case-insensitively. A connection that is not TLS goes to the default.
 */
public record SniRoute(List<SniRule> rules, Target defaultTarget) implements Stage {

  public SniRoute {
    rules = Lists.copy(rules);
  }

  @Override
  public StageKind kind() {
    return StageKind.SNI_ROUTE;
  }

  @Override
  public List<Target> targets() {
    List<Target> t = new ArrayList<>();
    for (SniRule r : rules) {
      if (r != null && r.target() != null) {
        t.add(r.target());
      }
    }
    if (defaultTarget != null) {
      t.add(defaultTarget);
    }
    return t;
  }
}
