package dev.tproxy.ant;

import dev.tproxy.tasks.CertsTask;
import dev.tproxy.tasks.Reporter;
import dev.tproxy.tasks.TaskException;
import java.io.File;

/**
 * {@code <tproxy:certs topology="tproxy.yaml" cadirectory="certs" overwrite="false"/>}: the
 * development CA and every certificate the topology names; existing keys are kept.
 */
public class Certs extends TproxyAntTask {
  private File caDirectory;
  private boolean overwrite;

  public void setCaDirectory(File dir) {
    this.caDirectory = dir;
  }

  public void setOverwrite(boolean overwrite) {
    this.overwrite = overwrite;
  }

  @Override
  void run(Reporter reporter) throws TaskException {
    CertsTask.run(new CertsTask.Parameters(topology().toPath(), topologyParameter(),
        caDirectory == null ? null : caDirectory.toPath(), null, overwrite), reporter);
  }
}
