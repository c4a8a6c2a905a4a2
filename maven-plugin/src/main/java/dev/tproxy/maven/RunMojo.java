package dev.tproxy.maven;

import dev.tproxy.tasks.Reporter;
import dev.tproxy.tasks.RunTask;
import dev.tproxy.tasks.TaskException;
import java.time.Duration;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Runs the topology in-process, like {@code jetty:run}: local mode unless {@code transparent}
 * (listeners on loopback, privileged ports shifted by 10000, no root needed), a table of
 * listeners, routes and targets, one log line per connection; Ctrl-C stops it cleanly. For
 * integration tests that run while the build goes on, see {@code tproxy:start} and {@code tproxy:stop}.
 */
@Mojo(name = "run", threadSafe = true, requiresProject = false)
public class RunMojo extends AbstractRunMojo {

  @Override
  boolean aggregates() {
    return false;
  }

  @Override
  void run(Reporter reporter) throws TaskException {
    RunTask.runUntilStopped(parameters(maxDuration()), tuning(), observability(),
        new RunTask.Reload(true, watch ? Duration.ofSeconds(1) : null), reporter);
  }
}
