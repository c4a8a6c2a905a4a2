package dev.tproxy.generate.internal.routing;

/** What the routing templates read. */
public final class RoutingViews {
  private RoutingViews() {}

  public record RtTable(int id, String name) {}

  /**
   * @param address with prefix length ({@code ip addr}); {@code source} without ({@code ip rule})
   * @param address6 null without IPv6
   * @param fallback ifb, lo or none
   */
  public record Dedicated(
      String interfaceName,
      String address,
      String source,
      String address6,
      String source6,
      int table,
      String tableName,
      String fallback) {}

  /** @param mark hexadecimal, e.g. {@code 0x1} */
  public record Fwmark(String mark, int table, String tableName, String rules, String nftTable) {}

  public record Nftables(String table, String mark) {}
}
