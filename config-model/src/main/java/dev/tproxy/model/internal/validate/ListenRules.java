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
    backendsOnThisHost(t, seen, f);
  }

  /**
   * A backend on loopback or on the hidden address runs on this host, so it cannot listen where a
   * service already does (a web server on 192.168.255.254:443 beside sslh on 0.0.0.0:443).
   */
  private static void backendsOnThisHost(Topology t, List<Listener> listeners, Findings f) {
    for (int i = 0; i < t.backends().size(); i++) {
      dev.tproxy.model.Backend b = t.backends().get(i);
      if (b == null || !(b.address() instanceof dev.tproxy.model.BackendAddress.Tcp tcp)) {
        continue;
      }
      SocketEndpoint e = tcp.endpoint();
      boolean local = e.address().isLoopbackAddress()
          || (t.network() instanceof dev.tproxy.model.Network.DedicatedAddress d
              && (d.address() != null && d.address().contains(e.address())
                  || d.address6().map(a -> a.contains(e.address())).orElse(false)));
      if (!local) {
        continue;
      }
      for (Listener l : listeners) {
        if (conflicts(e, l.endpoint())) {
          f.error(Paths.field(Paths.index("backends", i), "address"),
              "backend \"" + b.name() + "\" at " + e + " runs on this host, where " + l.path()
                  + " (" + l.endpoint() + " of \"" + l.service() + "\") already listens",
              "both cannot bind that port; let the service listen on a specific address, or move the backend to another port");
          break;
        }
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
