package dev.tproxy.generate.internal.systemd;

import java.util.List;

/** What the systemd templates read. */
public final class SystemdViews {
  private SystemdViews() {}

  /**
   * @param routingUnit the unit that sets up policy routing, null without one
   * @param capabilities granted (ambient) and the whole bounding set; empty: none
   * @param landlock the sslh version sandboxes itself with Landlock (2.1 and later)
   */
  public record SslhUnit(
      String topology,
      String service,
      String binary,
      String configArgument,
      String routingUnit,
      List<String> capabilities,
      boolean landlock) {}

  /** A drop-in that orders a packaged unit (nginx, stunnel@) after the routing unit. */
  public record DropIn(String topology, String unit, String routingUnit, String note) {}

  public record RoutingUnit(String topology, String script, String method) {}
}
