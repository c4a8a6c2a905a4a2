package dev.tproxy.runtime;

import java.util.ArrayList;
import java.util.List;

/**
 * What {@link TproxyRuntime#update} changed, service by service, in the order of the new
 * topology, removed services last. Listeners whose address stayed keep their socket; open
 * connections finish on the routes they were given.
 *
 * @param topology the name of the topology now running
 * @param services one entry per service of the old or the new topology that this runtime runs
 */
public record TopologyChange(String topology, List<ServiceChange> services) {

  public TopologyChange {
    services = List.copyOf(services);
  }

  /** What happened to one service. */
  public enum Kind {
    /** New: its listeners were bound. */
    ADDED,
    /** Gone: its listeners were closed; its open connections drain for the drain timeout. */
    REMOVED,
    /** New connections get the new settings; open ones keep the old. */
    CHANGED,
    UNCHANGED
  }

  /**
   * @param service the service's name
   * @param kind what happened to it
   * @param details for {@link Kind#CHANGED}, which parts changed ("listen", "stage", "target
   *     addresses", ...); for {@link Kind#ADDED}, where it listens; for {@link Kind#REMOVED}, how
   *     many connections drain
   */
  public record ServiceChange(String service, Kind kind, List<String> details) {
    public ServiceChange {
      details = List.copyOf(details);
    }

    /** {@code service "web": changed (listen, stage)}. */
    @Override
    public String toString() {
      String what = switch (kind) {
        case ADDED -> "added";
        case REMOVED -> "removed";
        case CHANGED -> "changed";
        case UNCHANGED -> "unchanged";
      };
      return "service \"" + service + "\": " + what + (details.isEmpty() ? "" : " (" + String.join("; ", details) + ")");
    }
  }

  /** True when some service was added, removed or changed. */
  public boolean changesAnything() {
    return services.stream().anyMatch(s -> s.kind() != Kind.UNCHANGED);
  }

  /** The services of {@code kind}, by name. */
  public List<String> servicesOf(Kind kind) {
    List<String> names = new ArrayList<>();
    for (ServiceChange s : services) {
      if (s.kind() == kind) {
        names.add(s.service());
      }
    }
    return names;
  }
}
