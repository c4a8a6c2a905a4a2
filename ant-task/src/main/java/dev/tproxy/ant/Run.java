package dev.tproxy.ant;

import dev.tproxy.model.Durations;
import dev.tproxy.tasks.Reporter;
import dev.tproxy.tasks.RunTask;
import dev.tproxy.tasks.TaskException;
import java.io.File;
import java.time.Duration;

/**
 * {@code <tproxy:run topology="tproxy.yaml" maxduration="30s" demobackends="true"/>}: the topology
 * in-process, local mode unless {@code transparent="true"} (root only), until Ctrl-C or the
 * maximum duration.
 */
public class Run extends TproxyAntTask {
  private boolean transparent;
  private String maxDuration;
  private boolean demoBackends;
  private File workDirectory;

  public void setTransparent(boolean transparent) {
    this.transparent = transparent;
  }

  public void setMaxDuration(String maxDuration) {
    this.maxDuration = maxDuration;
  }

  public void setDemoBackends(boolean demoBackends) {
    this.demoBackends = demoBackends;
  }

  public void setWorkDirectory(File dir) {
    this.workDirectory = dir;
  }

  @Override
  void run(Reporter reporter) throws TaskException {
    Duration max = null;
    if (maxDuration != null) {
      try {
        max = Durations.parse(maxDuration);
      } catch (IllegalArgumentException e) {
        throw TaskException.user("the maxduration attribute of <" + getTaskName() + ">: " + e.getMessage());
      }
    }
    File work = workDirectory != null ? workDirectory : new File(getProject().getBaseDir(), "build/tproxy-run");
    RunTask.runUntilStopped(new RunTask.Parameters(topology().toPath(), topologyParameter(), transparent, max,
        demoBackends, work.toPath()), reporter);
  }
}
