package dev.tproxy.cli;

import dev.tproxy.tasks.Reporter;
import java.nio.file.Path;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** The topology file argument every command takes, and the console reporter. */
final class TopologyOption {
  static final String NAME = "the TOPOLOGY argument";

  @Parameters(index = "0", arity = "0..1", paramLabel = "TOPOLOGY", defaultValue = "tproxy.yaml",
      description = "The topology file (YAML or JSON). Default: ${DEFAULT-VALUE}")
  Path file;

  @Spec(Spec.Target.MIXEE)
  picocli.CommandLine.Model.CommandSpec spec;

  Reporter reporter() {
    return new ConsoleReporter(spec.commandLine().getOut(), spec.commandLine().getErr());
  }
}
