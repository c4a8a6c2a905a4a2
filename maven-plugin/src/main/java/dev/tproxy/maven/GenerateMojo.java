package dev.tproxy.maven;

import dev.tproxy.tasks.GenerateTask;
import dev.tproxy.tasks.Reporter;
import dev.tproxy.tasks.TaskException;
import java.io.File;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Validates the topology, then writes the files for nginx, sslh, stunnel, systemd, routing,
 * certificate access and ssh clients into {@code outputDirectory}, all or nothing.
 */
@Mojo(name = "generate", defaultPhase = LifecyclePhase.GENERATE_RESOURCES, threadSafe = true, requiresProject = false)
public class GenerateMojo extends AbstractTproxyMojo {

  /** Where the files go. */
  @Parameter(property = "tproxy.outputDirectory", defaultValue = "${project.build.directory}/tproxy", required = true)
  File outputDirectory;

  /** Templates that replace the built-in ones of the same relative name (see the templates module's README). */
  @Parameter(property = "tproxy.templateDirectory")
  File templateDirectory;

  @Override
  void run(Reporter reporter) throws TaskException {
    GenerateTask.run(new GenerateTask.Parameters(topology.toPath(), TOPOLOGY_PARAMETER, outputDirectory.toPath(),
        templateDirectory == null ? null : templateDirectory.toPath()), reporter);
  }
}
