package dev.tproxy.model;

import java.util.Optional;

/** How replies to transparently forwarded connections find their way back to the proxy. */
public sealed interface Network {

  /** No plumbing: transparent services are refused. */
  record None() implements Network {}

  /**
   * The method sslh's documentation recommends: backends and inner hops listen on a hidden
   * address on a dedicated interface; {@code ip rule add from <address> table <id>} and
   * {@code ip route add local 0.0.0.0/0 dev <interface> table <id>} deliver their replies to the
   * proxy's transparent sockets. No firewall rules.
   *
   * @param interfaceName e.g. {@code tproxy0}; created as a {@code dummy} device
   * @param address e.g. {@code 192.168.255.254/32}
   * @param address6 the IPv6 hidden address, when IPv6 is proxied transparently
   * @param fallback used when the kernel has no dummy driver
   */
  record DedicatedAddress(
      String interfaceName,
      IpPrefix address,
      Optional<IpPrefix> address6,
      RoutingTable table,
      FallbackDevice fallback)
      implements Network {
    public DedicatedAddress {
      address6 = address6 == null ? Optional.empty() : address6;
      fallback = fallback == null ? FallbackDevice.NONE : fallback;
    }
  }

  /**
   * The older method: packets of transparent sockets are marked (nftables {@code socket
   * transparent 1 meta mark set}), {@code ip rule add fwmark <mark> table <id>} and a local route
   * on {@code lo} deliver them.
   */
  record Fwmark(long mark, RoutingTable table) implements Network {}

  Network NONE = new None();
}
