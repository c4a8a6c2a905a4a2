package dev.tproxy.cli;

import dev.tproxy.tasks.DiagramTask;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "diagram", mixinStandardHelpOptions = true,
    description = "Validate, then draw the topology: listeners, stages, routes with their conditions, engines,"
        + " transparent hops (bold) and backends, as Graphviz DOT, Mermaid, or SVG (drawn by Graphviz's dot,"
        + " Debian package graphviz).",
    exitCodeListHeading = ExitCodes.HEADING,
    exitCodeList = {"0:drawn", "1:the topology is not valid, the format is unknown, or dot is missing or failed",
        ExitCodes.USAGE_LINE, ExitCodes.INTERNAL_LINE})
final class DiagramCommand implements Callable<Integer> {
  @Mixin TopologyOption topology;

  @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", defaultValue = "mermaid",
      description = "dot, mermaid or svg (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Where the diagram goes (default: stdout).")
  Path output;

  @Override
  public Integer call() throws Exception {
    String diagram = DiagramTask.run(
        new DiagramTask.Parameters(topology.file, TopologyOption.NAME, DiagramTask.format(format, "--format"), "--format",
            output), topology.reporter());
    if (output == null) {
      topology.spec.commandLine().getOut().print(diagram);
      topology.spec.commandLine().getOut().flush();
    }
    return 0;
  }
}
