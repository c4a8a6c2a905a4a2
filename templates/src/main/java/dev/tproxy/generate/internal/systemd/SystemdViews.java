package dev.tproxy.generate.internal.systemd;

import java.util.List;

/** What the systemd templates read. */
public final class SystemdViews {
  private SystemdViews() {}

  /**
   * @param routingUnit the unit that sets up policy routing, null without one
   * @param capabilities granted (ambient) and the whole bounding set; empty: none
   * @param landlock the sslh version sandboxes itself with Landlock (2.1 and later)
   * @param openFiles LimitNOFILE= for the service's max-connections; null: systemd's default
   */
  public record SslhUnit(
      String topology,
      String service,
      String binary,
      String configArgument,
      String routingUnit,
      List<String> capabilities,
      boolean landlock,
      Integer openFiles) {}

  /**
   * A drop-in for a packaged unit (nginx, stunnel@): ordered after the routing unit, and with the
   * open files its services' max-connections need.
   *
   * @param routingUnit null without routing
   * @param openFiles null: the packaged unit's limit
   */
  public record DropIn(String topology, String unit, String routingUnit, String note, Integer openFiles) {}

  /**
   * The unit of the services tproxy's runtime realises: one launcher process for all of them.
   *
   * @param services the services it runs, for the description
   * @param servicesArgument the value of {@code run --services}; null when the topology has no
   *     services of other engines (the launcher then runs all)
   * @param javaHome {@code JAVA_HOME=<dir>} for the launcher; null: the java on PATH
   * @param routingUnit null without routing
   * @param capabilities granted (ambient) and the whole bounding set; empty: none
   * @param transparent some service binds transparently (the capability comment says why)
   * @param openFiles LimitNOFILE= for the services' max-connections; null: systemd's default
   */
  public record RuntimeUnit(
      String topology,
      List<String> services,
      String launcher,
      String topologyFile,
      String servicesArgument,
      String javaHome,
      String user,
      String routingUnit,
      List<String> capabilities,
      boolean transparent,
      Integer openFiles) {}

  public record RoutingUnit(String topology, String script, String method) {}
}
