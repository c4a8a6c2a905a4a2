package dev.tproxy.ant;

import dev.tproxy.tasks.Reporter;
import dev.tproxy.tasks.TaskException;
import dev.tproxy.tasks.ValidateTask;

/** {@code <tproxy:validate topology="tproxy.yaml"/>}: every diagnostic, failure on errors. */
public class Validate extends TproxyAntTask {
  @Override
  void run(Reporter reporter) throws TaskException {
    ValidateTask.run(new ValidateTask.Parameters(topology().toPath(), topologyParameter()), reporter);
  }
}
