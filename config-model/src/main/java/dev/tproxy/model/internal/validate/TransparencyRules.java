package dev.tproxy.model.internal.validate;

import dev.tproxy.model.BackendAddress;
import dev.tproxy.model.BindBehaviour;
import dev.tproxy.model.Network;
import dev.tproxy.model.Service;
import dev.tproxy.model.SocketEndpoint;
import dev.tproxy.model.Topology;
import java.util.List;

/**
 * Transparent services have plumbing for the replies, reach TCP targets, and form a chain in
 * which every later hop survives finding the client's address already bound (the cooperation
 * rule of the reference document "Daisy-Chaining-Transparency").
 */
final class TransparencyRules {

  void check(Topology t, Findings f) {
    for (int i = 0; i < t.services().size(); i++) {
      Service s = t.services().get(i);
      if (s == null || !s.transparent()) {
        continue;
      }
      String path = Paths.field(Paths.service(i), "transparent");
      if (t.network() instanceof Network.None) {
        f.error(path, "service \"" + s.name() + "\" is transparent but the topology has no network plumbing",
            "replies from the target go to the client's address and never reach the proxy unless routed back;"
                + " add network: {method: dedicated-address, interface: tproxy0, address: 192.168.255.254/32,"
                + " table: {id: 111, name: tproxy}} and let backends listen on that address");
      }
      if (s.stage() == null) {
        continue;
      }
      for (TargetRules.Ref ref : TargetRules.refs(i, s)) {
        t.backend(ref.target().name()).ifPresent(b -> {
          if (b.address() instanceof BackendAddress.Unix) {
            f.error(ref.path(), "a transparent service cannot forward to the unix socket of \"" + b.name() + "\"",
                "transparency binds the client's IP address, which a unix socket does not have; set transparent: false");
          } else if (b.address() instanceof BackendAddress.Tcp tcp) {
            hiddenAddress(t, ref.path(), b.name(), tcp.endpoint(), f);
          }
        });
        t.service(ref.target().name()).ifPresent(target -> {
          if (!target.listen().isEmpty() && target.listen().get(0) != null) {
            hiddenAddress(t, ref.path(), target.name(), target.listen().get(0), f);
          }
        });
      }
      cooperation(t, i, s, f);
    }
  }

  /**
   * With the dedicated-address method only replies from the hidden address are routed back to
   * the proxy; a target elsewhere answers the client directly and the connection hangs.
   */
  private static void hiddenAddress(Topology t, String path, String name, SocketEndpoint e, Findings f) {
    if (!(t.network() instanceof Network.DedicatedAddress d) || e.isWildcard() || d.address() == null) {
      return; // a missing address is NetworkRules' finding
    }
    boolean v4 = !e.isIpv6() && d.address().contains(e.address());
    boolean v6 = e.isIpv6() && d.address6().map(a -> a.contains(e.address())).orElse(false);
    if (!v4 && !v6) {
      f.warning(path, "\"" + name + "\" is at " + e.hostText() + ", not on the hidden address "
              + (e.isIpv6() ? d.address6().map(Object::toString).orElse("(no address6 set)") : d.address()),
          "replies to transparent connections are only routed back to the proxy when they come from the hidden address"
              + " (ip rule from " + d.address() + (d.table() == null ? "" : " table " + d.table().name()) + "); let \""
              + name + "\" listen there");
    }
  }

  /**
   * The transparent hops in front of {@code s}, through a chain of transparent hops, whose
   * outgoing socket holds (client ip, client port): those that keep the client's port. A hop in
   * front that always takes a new port (nginx, or tproxy with transparent-bind: new-port) holds
   * another port, so it leaves the client's port free, but the hops in front of it may not.
   */
  private static List<Service> holdersOfTheClientsPort(Topology t, Service s) {
    List<Service> holders = new java.util.ArrayList<>();
    java.util.Set<String> seen = new java.util.HashSet<>();
    java.util.Deque<Service> todo = new java.util.ArrayDeque<>(t.upstreamOf(s));
    while (!todo.isEmpty()) {
      Service hop = todo.poll();
      if (!hop.transparent() || !seen.add(hop.name())) {
        continue;
      }
      if (hop.effectiveBindBehaviour().triesClientPort()) {
        holders.add(hop);
      }
      todo.addAll(t.upstreamOf(hop));
    }
    return holders;
  }

  /**
   * A hop behind another transparent hop finds (client ip, client port) already bound by the
   * earlier hop's outgoing socket. Only a hop that falls back to another port survives that.
   */
  private static void cooperation(Topology t, int i, Service s, Findings f) {
    BindBehaviour bind = s.effectiveBindBehaviour();
    if (bind.survivesConflict()) {
      return;
    }
    List<Service> earlier = holdersOfTheClientsPort(t, s);
    if (earlier.isEmpty()) {
      return;
    }
    Service first = earlier.get(0);
    f.error(Paths.field(Paths.service(i), "engine"),
        "\"" + s.name() + "\" (" + s.engine() + ") cannot be a later hop of a transparent chain: \"" + first.name()
            + "\" (" + first.engine() + ") forwards to it transparently, so its connection already holds the client's"
            + " address and port, and when " + s.engine() + " binds its own outgoing socket to that same address and port"
            + " the kernel refuses with \"Address already in use\" (EADDRINUSE) and the client is disconnected;"
            + " " + s.engine() + " binds without SO_REUSEADDR and has no fallback, whereas a cooperative hop"
            + " (sslh 2.2 or later, nginx, tproxy) retries with IP_BIND_ADDRESS_NO_PORT and lets the kernel pick a free port",
        "reorder the chain so that \"" + s.name() + "\" is the first transparent hop, or upgrade it (engine-version: \"2.2\""
            + " or later), or realise it with an engine that binds cooperatively (nginx, tproxy)");
  }
}
