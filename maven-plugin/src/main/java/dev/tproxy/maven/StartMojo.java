package dev.tproxy.maven;

import dev.tproxy.model.SocketEndpoint;
import dev.tproxy.tasks.Reporter;
import dev.tproxy.tasks.RunTask;
import dev.tproxy.tasks.TaskException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Starts the topology in the background of the build, as {@code jetty:start} does, for
 * integration tests (bound by default to {@code pre-integration-test}); {@code tproxy:stop} (in
 * {@code post-integration-test}) stops it. Takes the parameters of {@code tproxy:run}
 * ({@code tproxy.run.*}) except {@code maxDuration} and {@code watch}. Sets the project properties
 * {@code tproxy.port.<service>} and {@code tproxy.address.<service>} (the first listener of each
 * service, as bound), e.g. for failsafe's {@code systemPropertyVariables}.
 */
@Mojo(name = "start", defaultPhase = LifecyclePhase.PRE_INTEGRATION_TEST, threadSafe = true, requiresProject = false)
public class StartMojo extends AbstractRunMojo {

  /** The key of the running topology in the plugin context this project's goals share. */
  static final String RUNNING = "dev.tproxy.maven.running";

  @Override
  boolean aggregates() {
    return false;
  }

  @Override
  void run(Reporter reporter) throws TaskException {
    Map<Object, Object> context = getPluginContext();
    if (context != null && context.get(RUNNING) != null) {
      throw TaskException.user("tproxy:start ran already in this project and the topology still runs;"
          + " run tproxy:stop first");
    }
    RunTask.Running running = RunTask.start(parameters(null), tuning(), observability(), reporter);
    Thread hook = new Thread(running::close, "tproxy-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    if (context != null) {
      context.put(RUNNING, new Started(running, hook));
    }
    for (Map.Entry<String, List<InetSocketAddress>> e : running.runtime().boundAddresses().entrySet()) {
      if (e.getValue().isEmpty()) {
        continue;
      }
      InetSocketAddress first = e.getValue().get(0);
      String port = Integer.toString(first.getPort());
      String address = SocketEndpoint.of(first).toString();
      if (projectProperties != null) {
        projectProperties.setProperty("tproxy.port." + e.getKey(), port);
        projectProperties.setProperty("tproxy.address." + e.getKey(), address);
      }
      reporter.info("tproxy: tproxy.port." + e.getKey() + "=" + port);
    }
    reporter.info("tproxy: started; tproxy:stop stops it");
  }

  /** What {@code tproxy:stop} finds in the plugin context. */
  record Started(RunTask.Running running, Thread shutdownHook) {}
}
