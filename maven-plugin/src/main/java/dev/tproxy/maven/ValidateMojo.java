package dev.tproxy.maven;

import dev.tproxy.tasks.Reporter;
import dev.tproxy.tasks.TaskException;
import dev.tproxy.tasks.ValidateTask;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Loads and validates the topology; prints every diagnostic as {@code file:line:col}; fails the
 * build on errors.
 */
@Mojo(name = "validate", defaultPhase = LifecyclePhase.VALIDATE, threadSafe = true, requiresProject = false)
public class ValidateMojo extends AbstractTproxyMojo {

  @Override
  void run(Reporter reporter) throws TaskException {
    ValidateTask.run(new ValidateTask.Parameters(topology.toPath(), TOPOLOGY_PARAMETER), reporter);
  }
}
