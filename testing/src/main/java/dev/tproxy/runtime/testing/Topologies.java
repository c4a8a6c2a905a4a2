package dev.tproxy.runtime.testing;

import dev.tproxy.model.FallbackDevice;
import dev.tproxy.model.IpPrefix;
import dev.tproxy.model.Network;
import dev.tproxy.model.RoutingTable;
import java.util.Optional;

/** Pieces of topologies that tests share. */
public final class Topologies {
  private Topologies() {}

  /** The plumbing of the test bed: hidden address 192.168.255.254 on lo, table 111. */
  public static Network hiddenAddressOnLo() {
    return new Network.DedicatedAddress("tproxy0", IpPrefix.parse("192.168.255.254/32"), Optional.empty(),
        new RoutingTable(111, "tproxy"), FallbackDevice.LO);
  }
}
