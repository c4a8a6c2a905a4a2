package dev.tproxy.ant;

import dev.tproxy.ant.logging.AntLogTarget;
import dev.tproxy.tasks.Reporter;
import dev.tproxy.tasks.TaskException;
import java.io.File;
import org.apache.tools.ant.BuildException;
import org.apache.tools.ant.Task;

/**
 * What every tproxy Ant task shares: the {@code topology} attribute and the mapping of task
 * failures to {@link BuildException}s that carry the build file's location.
 */
abstract class TproxyAntTask extends Task {

  private File topology;

  /** The topology file; default {@code tproxy.yaml} in the project's base directory. */
  public void setTopology(File topology) {
    this.topology = topology;
  }

  File topology() {
    return topology != null ? topology : new File(getProject().getBaseDir(), "tproxy.yaml");
  }

  String topologyParameter() {
    return "the topology attribute of <" + getTaskName() + ">";
  }

  @Override
  public final void execute() {
    Task before = AntLogTarget.attach(this);
    try {
      run(new AntReporter(this));
    } catch (TaskException e) {
      throw new BuildException(e.getMessage(), e, getLocation());
    } finally {
      AntLogTarget.detach(before);
    }
  }

  abstract void run(Reporter reporter) throws TaskException;
}
