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
  private static final String FORMAT_PARAMETER = "<format> (-Dtproxy.diagram.format)";

  /** {@code mermaid}, {@code dot} or {@code svg} (which needs Graphviz's dot). */
  @Parameter(property = "tproxy.diagram.format", defaultValue = "mermaid", required = true)
  String format;

  /** Where the diagram goes; default {@code diagram.mmd}, {@code .dot} or {@code .svg} in {@code outputDirectory}. */
  @Parameter(property = "tproxy.diagram.outputFile")
  File outputFile;

  /** The directory of the default output file. */
  @Parameter(property = "tproxy.outputDirectory", defaultValue = "${project.build.directory}/tproxy", required = true)
  File outputDirectory;

  @Override
  void run(Reporter reporter) throws TaskException {
    DiagramFormat f = DiagramTask.format(format, FORMAT_PARAMETER);
    File output = outputFile != null ? outputFile : new File(outputDirectory, DiagramTask.defaultFileName(f));
    DiagramTask.run(new DiagramTask.Parameters(topology.toPath(), TOPOLOGY_PARAMETER, f, FORMAT_PARAMETER,
        output.toPath()), reporter);
  }
}
