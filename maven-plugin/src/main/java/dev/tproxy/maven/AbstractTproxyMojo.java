package dev.tproxy.maven;

import dev.tproxy.tasks.Reporter;
import dev.tproxy.tasks.TaskException;
import java.io.File;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * What every goal shares: the topology file and skipping. Subclasses map their own parameters
 * and call one task; no logic lives here.
 */
abstract class AbstractTproxyMojo extends AbstractMojo {

  /** The POM element and user property naming the topology, for messages. */
  static final String TOPOLOGY_PARAMETER = "<topology> (-Dtproxy.topology)";

  /** The topology file: YAML ({@code tproxy.yaml}) or JSON. */
  @Parameter(property = "tproxy.topology", defaultValue = "${project.basedir}/tproxy.yaml", required = true)
  File topology;

  /** Skip this goal. */
  @Parameter(property = "tproxy.skip", defaultValue = "false")
  boolean skip;

  @Override
  public final void execute() throws MojoExecutionException, MojoFailureException {
    if (skip) {
      getLog().info("tproxy: skipped (tproxy.skip)");
      return;
    }
    try {
      run(new MavenReporter(getLog()));
    } catch (TaskException e) {
      if (e.kind() == TaskException.Kind.USER) {
        throw new MojoFailureException(e.getMessage(), e);
      }
      throw new MojoExecutionException(e.getMessage(), e);
    }
  }

  abstract void run(Reporter reporter) throws TaskException;
}
