package dev.tproxy.model.internal.validate;

import dev.tproxy.model.Service;
import dev.tproxy.model.SocketEndpoint;
import dev.tproxy.model.Topology;
import java.util.ArrayList;
import java.util.List;

/** Every service listens somewhere, and no two listeners want the same address and port. */
final class ListenRules {

  private record Listener(String path, String service, SocketEndpoint endpoint) {}

  void check(Topology t, Findings f) {
    List<Listener> seen = new ArrayList<>();
    for (int i = 0; i < t.services().size(); i++) {
      Service s = t.services().get(i);
      if (s == null) {
        continue;
      }
      String base = Paths.field(Paths.service(i), "listen");
      if (s.listen().isEmpty()) {
        f.error(base, "service \"" + s.name() + "\" listens nowhere", "add listen: [\"ADDRESS:PORT\"], e.g. \"0.0.0.0:443\"");
        continue;
      }
      for (int j = 0; j < s.listen().size(); j++) {
        SocketEndpoint e = s.listen().get(j);
        String path = Paths.index(base, j);
        if (e == null) {
          continue;
        }
        if (e.port() == 0) {
          // Port 0 means "any free port": fine for the runtime (tests, embedding); the generator
          // refuses it for programs that need a fixed port.
          continue;
        }
        for (Listener other : seen) {
          if (conflicts(e, other.endpoint())) {
            f.error(
                path,
                e + " is already taken by " + other.path() + " (" + other.endpoint() + " of \"" + other.service() + "\")",
                e.isWildcard() || other.endpoint().isWildcard()
                    ? "on Linux a wildcard address and a specific address of the same family cannot listen on one port; use another port"
                    : "give each listener its own address or port");
            break;
          }
        }
        seen.add(new Listener(path, s.name(), e));
      }
    }
  }

  /**
   * Same family and port, and the same address or one of them the wildcard. IPv6 listeners are
   * V6ONLY in sslh, nginx and tproxy, so [::]:443 and 0.0.0.0:443 can coexist.
   */
  static boolean conflicts(SocketEndpoint a, SocketEndpoint b) {
    if (a.port() != b.port() || a.isIpv6() != b.isIpv6()) {
      return false;
    }
    return a.address().equals(b.address()) || a.isWildcard() || b.isWildcard();
  }
}
