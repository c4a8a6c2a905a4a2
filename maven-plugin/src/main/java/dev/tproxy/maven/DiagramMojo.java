package dev.tproxy.maven;

import dev.tproxy.generate.diagram.DiagramFormat;
import dev.tproxy.tasks.DiagramTask;
import dev.tproxy.tasks.Reporter;
import dev.tproxy.tasks.TaskException;
import java.io.File;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Validates the topology, then draws it - services, routes with their conditions, backends - as
 * Mermaid, Graphviz DOT, or SVG drawn by Graphviz's {@code dot} (Debian package graphviz), into
 * {@code target/tproxy/diagram.mmd}, {@code .dot} or {@code .svg}.
 */
@Mojo(name = "diagram", defaultPhase = LifecyclePhase.GENERATE_RESOURCES, threadSafe = true, requiresProject = false)
public class DiagramMojo extends AbstractTproxyMojo {

  /** {@code MERMAID}, {@code DOT} or {@code SVG}. */
  @Parameter(property = "tproxy.diagram.format", defaultValue = "MERMAID", required = true)
  DiagramFormat format;

  /** Where the diagram goes; default {@code diagram.mmd}, {@code .dot} or {@code .svg} in {@code outputDirectory}. */
  @Parameter(property = "tproxy.diagram.outputFile")
  File outputFile;

  /** The directory of the default output file. */
  @Parameter(property = "tproxy.outputDirectory", defaultValue = "${project.build.directory}/tproxy", required = true)
  File outputDirectory;

  @Override
  void run(Reporter reporter) throws TaskException {
    File output = outputFile != null ? outputFile : new File(outputDirectory, DiagramTask.defaultFileName(format));
    DiagramTask.run(new DiagramTask.Parameters(topology.toPath(), TOPOLOGY_PARAMETER, format,
        "<format> (-Dtproxy.diagram.format)", output.toPath()), reporter);
  }
}
