package dev.tproxy.model.internal.validate;

import dev.tproxy.model.IpPrefix;
import dev.tproxy.model.Network;
import dev.tproxy.model.RoutingTable;
import dev.tproxy.model.Topology;
import java.util.regex.Pattern;

/** Routing plumbing values that ip(8) and the kernel accept. */
final class NetworkRules {
  /** Linux interface names: at most 15 bytes (IFNAMSIZ - 1), no '/', no whitespace. */
  private static final Pattern INTERFACE = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,14}");

  private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,30}");

  void check(Topology t, Findings f) {
    if (t.network() instanceof Network.DedicatedAddress d) {
      if (d.interfaceName() == null) {
        f.error("network.interface", "the dedicated interface is missing", "e.g. interface: tproxy0");
      } else if (!INTERFACE.matcher(d.interfaceName()).matches()) {
        f.error("network.interface", Texts.quote(String.valueOf(d.interfaceName())) + " is not an interface name",
            "1-15 letters, digits, _ . -, starting with a letter, e.g. tproxy0");
      } else if (d.interfaceName().equals("lo")) {
        f.error("network.interface", "the dedicated interface cannot be lo",
            "name a new interface such as tproxy0; to put the address on lo where dummy is missing, set fallback-device: lo");
      }
      address("network.address", d.address(), false, f);
      d.address6().ifPresent(a -> address("network.address6", a, true, f));
      table(d.table(), f);
    } else if (t.network() instanceof Network.Fwmark m) {
      if (m.mark() <= 0 || m.mark() > 0xffffffffL) {
        f.error("network.mark", "the mark must be between 1 and 0xffffffff", "");
      }
      table(m.table(), f);
    }
  }

  private static void address(String path, IpPrefix a, boolean v6, Findings f) {
    if (a == null) {
      f.error(path, "the hidden address is missing", "e.g. address: 192.168.255.254/32");
      return;
    }
    if (a.isIpv6() != v6) {
      f.error(path, a + " is an " + (v6 ? "IPv4" : "IPv6") + " address",
          v6 ? "address6 takes the IPv6 hidden address" : "address takes the IPv4 hidden address; use address6 for IPv6");
    } else if (!a.isSingleAddress()) {
      f.error(path, a + " is a network, not one address",
          "the hidden address is one address: write /" + (v6 ? "128" : "32"));
    } else if (a.address().isLoopbackAddress() || a.address().isAnyLocalAddress()) {
      f.error(path, a + " cannot be the hidden address", "pick an unused private address such as 192.168.255.254/32");
    }
  }

  private static void table(RoutingTable table, Findings f) {
    if (table == null) {
      f.error("network.table", "the routing table is missing", "e.g. table: {id: 111, name: tproxy}");
      return;
    }
    int id = table.id();
    if (id == 0) {
      f.error("network.table.id", "the table id is missing", "a number from 1 to 252 that no other table uses, e.g. 111");
    } else if (id < 1 || id == 253 || id == 254 || id == 255) {
      f.error("network.table.id", "table " + id + " cannot be used",
          "0 is unspecified and 253-255 are the kernel's default, main and local tables; pick e.g. 111");
    }
    if (table.name() == null) {
      f.error("network.table.name", "the table name is missing", "e.g. name: tproxy");
    } else if (!TABLE_NAME.matcher(table.name()).matches()) {
      f.error("network.table.name", Texts.quote(String.valueOf(table.name())) + " is not a table name",
          "a word of letters, digits, - and _, e.g. tproxy");
    } else if (java.util.Set.of("local", "main", "default", "unspec").contains(table.name())) {
      f.error("network.table.name", "\"" + table.name() + "\" is a reserved table name", "e.g. tproxy");
    }
  }
}
