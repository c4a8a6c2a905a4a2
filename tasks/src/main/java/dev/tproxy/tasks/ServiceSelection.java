package dev.tproxy.tasks;

import dev.tproxy.model.EngineKind;
import dev.tproxy.model.Service;
import dev.tproxy.model.Topology;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which services of a topology {@code run} starts. Named ones, when the operator names them;
 * otherwise, as written, only those whose engine is {@code tproxy}: the others are realised by
 * sslh, nginx or stunnel, and starting them here would take their ports. In local mode (trying a
 * topology on loopback) every service runs, whatever its engine.
 *
 * @param named the services asked for; empty: the default of the mode
 * @param parameter the front end's name for the setting, for messages (e.g. {@code --services})
 */
public record ServiceSelection(Set<String> named, String parameter) {
  /** The default of the mode. */
  public static final ServiceSelection DEFAULT = new ServiceSelection(Set.of(), "--services");

  public ServiceSelection {
    named = Set.copyOf(new LinkedHashSet<>(named));
  }

  /**
   * The services to run, in topology order.
   *
   * @throws TaskException naming {@link #parameter()} when a named service does not exist, or
   *     when, as written, no service is left to run
   */
  List<Service> choose(Topology t, boolean asWritten, String file) throws TaskException {
    List<String> all = t.services().stream().map(Service::name).toList();
    if (!named.isEmpty()) {
      for (String name : named) {
        if (!all.contains(name)) {
          throw TaskException.user(parameter + ": " + file + " has no service \"" + name + "\"; its services are "
              + String.join(", ", all));
        }
      }
      return t.services().stream().filter(s -> named.contains(s.name())).toList();
    }
    if (!asWritten) {
      return t.services();
    }
    List<Service> own = t.services().stream().filter(s -> s.engine().kind() == EngineKind.TPROXY).toList();
    if (own.isEmpty()) {
      throw TaskException.user(file + " has no service whose engine is tproxy, and as written only those run here"
          + " (the others belong to " + engines(t.services()) + "): name the services to run anyway with "
          + parameter + ", or try the whole topology on loopback in local mode");
    }
    return own;
  }

  /** "front (sslh), router (nginx)": the services left to their own engines, for the log. */
  static String leftToTheirEngines(Topology t, List<Service> run) {
    return String.join(", ", t.services().stream().filter(s -> !run.contains(s))
        .map(s -> s.name() + " (" + s.engine().kind().id() + ")").toList());
  }

  private static String engines(List<Service> services) {
    return String.join(", ", services.stream().map(s -> s.engine().kind().id())
        .distinct().toList());
  }
}
