package dev.tproxy.ant;

import dev.tproxy.tasks.Reporter;
import org.apache.tools.ant.Project;
import org.apache.tools.ant.Task;

/** Task output into Ant's log. */
final class AntReporter implements Reporter {
  private final Task task;

  AntReporter(Task task) {
    this.task = task;
  }

  @Override
  public void info(String line) {
    task.log(line, Project.MSG_INFO);
  }

  @Override
  public void warn(String line) {
    task.log(line, Project.MSG_WARN);
  }

  @Override
  public void error(String line) {
    task.log(line, Project.MSG_ERR);
  }
}
