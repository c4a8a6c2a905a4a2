package dev.tproxy.tasks;

import dev.tproxy.model.SocketEndpoint;
import dev.tproxy.model.Demux;
import dev.tproxy.model.Forward;
import dev.tproxy.model.ProbeRule;
import dev.tproxy.model.Service;
import dev.tproxy.model.SniRoute;
import dev.tproxy.model.SniRule;
import dev.tproxy.model.Target;
import dev.tproxy.model.TlsTerminate;
import dev.tproxy.model.Topology;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The start-up table of {@code run}: each listener, its routes and where they lead. */
final class RouteTable {
  private RouteTable() {}

  static Table of(Topology t, Map<String, List<InetSocketAddress>> bound) {
    Table table = new Table("listener", "service", "stage", "route", "target");
    for (Service s : t.services()) {
      String listeners = bound.getOrDefault(s.name(), List.of()).stream()
          .map(a -> SocketEndpoint.of(a).toString()).collect(Collectors.joining(" "));
      List<String[]> routes = routes(s);
      boolean first = true;
      for (String[] r : routes) {
        table.row(first ? listeners : "", first ? s.name() : "", first ? s.stage().kind().id() : "",
            r[0], describe(t, Target.of(r[1]), bound));
        first = false;
      }
    }
    return table;
  }

  private static List<String[]> routes(Service s) {
    List<String[]> out = new ArrayList<>();
    if (s.stage() instanceof Demux d) {
      for (ProbeRule r : d.rules()) {
        String what = r.probe().id();
        if (!r.sni().isEmpty()) {
          what += " sni " + String.join(",", r.sni());
        }
        if (!r.alpn().isEmpty()) {
          what += " alpn " + String.join(",", r.alpn());
        }
        out.add(new String[] {what, r.target().name()});
      }
      d.effectiveTimeoutTarget().ifPresent(target -> out.add(new String[] {"silent client", target.name()}));
    } else if (s.stage() instanceof SniRoute r) {
      for (SniRule rule : r.rules()) {
        String what = rule.serverNames().isEmpty() ? "alpn " + String.join(",", rule.alpn()) : String.join(",", rule.serverNames());
        out.add(new String[] {what, rule.target().name()});
      }
      out.add(new String[] {"default", r.defaultTarget().name()});
    } else if (s.stage() instanceof TlsTerminate tls) {
      out.add(new String[] {"after TLS", tls.target().name()});
    } else if (s.stage() instanceof Forward f) {
      out.add(new String[] {"all", f.target().name()});
    }
    return out;
  }

  private static String describe(Topology t, Target target, Map<String, List<InetSocketAddress>> bound) {
    if (t.service(target.name()).isPresent()) {
      List<InetSocketAddress> a = bound.getOrDefault(target.name(), List.of());
      return target.name() + (a.isEmpty() ? "" : " " + SocketEndpoint.of(a.get(0)));
    }
    return target.name() + t.connectAddress(target).map(a -> " " + a).orElse("");
  }

}
