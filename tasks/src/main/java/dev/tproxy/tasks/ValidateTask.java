package dev.tproxy.tasks;

import dev.tproxy.model.Topology;
import java.nio.file.Path;

/** {@code validate}: load, report every diagnostic with its position, fail on errors. */
public final class ValidateTask {

  /**
   * @param parameter the front end's name for the topology setting, for messages
   * @param checkFiles also check the certificate, key and CA files the topology names on this
   *     host ({@link HostFileCheck}); off for validating on a machine that does not have them
   * @param fileChecksOff how the front end turns {@code checkFiles} off, for the hint of a missing file
   */
  public record Parameters(Path topology, String parameter, boolean checkFiles, String fileChecksOff) {
    /** Without the file checks (a build machine). */
    public Parameters(Path topology, String parameter) {
      this(topology, parameter, false, null);
    }
  }

  private ValidateTask() {}

  public static Topology run(Parameters p, Reporter reporter) throws TaskException {
    Topology t = p.checkFiles() ? TopologyFiles.loadAndCheckFiles(p.topology(), p.parameter(), p.fileChecksOff(), reporter)
        : TopologyFiles.load(p.topology(), p.parameter(), reporter);
    reporter.info(p.topology() + " is valid: topology \"" + t.name() + "\", " + count(t.services().size(), "service")
        + ", " + count(t.backends().size(), "backend") + (p.checkFiles() ? "; the files it names are in place" : "") + ".");
    return t;
  }

  static String count(int n, String what) {
    return n + " " + what + (n == 1 ? "" : "s");
  }
}
