package dev.tproxy.ant;

import dev.tproxy.tasks.Reporter;
import dev.tproxy.tasks.TaskException;
import dev.tproxy.tasks.check.CheckTask;

/**
 * {@code <tproxy:check topology="tproxy.yaml" standInCertificates="false"/>}: the generated files,
 * checked by the programs that will read them, before anything is installed.
 */
public class Check extends TproxyAntTask {
  private boolean standInCertificates;

  /** Check with certificates issued for the purpose by a made-up CA instead of the topology's files. */
  public void setStandInCertificates(boolean standIn) {
    this.standInCertificates = standIn;
  }

  @Override
  void run(Reporter reporter) throws TaskException {
    CheckTask.run(new CheckTask.Parameters(topology().toPath(), topologyParameter(), standInCertificates), reporter);
  }
}
