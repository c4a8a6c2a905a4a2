package dev.tproxy.maven;

import dev.tproxy.tasks.Reporter;
import dev.tproxy.tasks.TaskException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Stops what {@code tproxy:start} started in this project (bound by default to
 * {@code post-integration-test}): stops accepting, lets open connections finish within the drain
 * timeout, stops the demo backends. Without a running topology it says so and does nothing.
 */
@Mojo(name = "stop", defaultPhase = LifecyclePhase.POST_INTEGRATION_TEST, threadSafe = true, requiresProject = false)
public class StopMojo extends AbstractTproxyMojo {

  @Override
  boolean needsTopology() {
    return false;
  }

  @Override
  void run(Reporter reporter) throws TaskException {
    Object started = getPluginContext() == null ? null : getPluginContext().remove(StartMojo.RUNNING);
    if (!(started instanceof StartMojo.Started s)) {
      reporter.info("tproxy: nothing to stop (tproxy:start did not run in this project)");
      return;
    }
    s.running().close();
    try {
      Runtime.getRuntime().removeShutdownHook(s.shutdownHook());
    } catch (IllegalStateException shuttingDown) {
      // the JVM is exiting; the hook closes the topology, already closed here
    }
  }
}
