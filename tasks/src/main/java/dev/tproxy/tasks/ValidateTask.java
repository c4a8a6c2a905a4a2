package dev.tproxy.tasks;

import dev.tproxy.model.Topology;
import java.nio.file.Path;

/** {@code validate}: load, report every diagnostic with its position, fail on errors. */
public final class ValidateTask {

  /** @param parameter the front end's name for the topology setting, for messages */
  public record Parameters(Path topology, String parameter) {}

  private ValidateTask() {}

  public static Topology run(Parameters p, Reporter reporter) throws TaskException {
    Topology t = TopologyFiles.load(p.topology(), p.parameter(), reporter);
    reporter.info(p.topology() + " is valid: topology \"" + t.name() + "\", " + count(t.services().size(), "service")
        + ", " + count(t.backends().size(), "backend") + ".");
    return t;
  }

  static String count(int n, String what) {
    return n + " " + what + (n == 1 ? "" : "s");
  }
}
