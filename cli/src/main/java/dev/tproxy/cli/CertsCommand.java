package dev.tproxy.cli;

import dev.tproxy.tasks.CertsTask;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "certs", mixinStandardHelpOptions = true,
    description = "Create the development CA and every certificate the topology names."
        + " Existing keys are kept unless --overwrite.",
    exitCodeListHeading = ExitCodes.HEADING,
    exitCodeList = {"0:the certificates are in place", "1:the topology is invalid or a file cannot be written",
        ExitCodes.USAGE_LINE, ExitCodes.INTERNAL_LINE})
final class CertsCommand implements Callable<Integer> {
  @Mixin TopologyOption topology;

  @Option(names = "--ca-directory", paramLabel = "DIR",
      description = "Where the development CA lives (default: certs/ next to the topology).")
  Path caDirectory;

  @Option(names = "--overwrite", description = "Replace existing certificates and keys.")
  boolean overwrite;

  @Override
  public Integer call() throws Exception {
    CertsTask.run(new CertsTask.Parameters(topology.file, TopologyOption.NAME, caDirectory, null, overwrite),
        topology.reporter());
    return 0;
  }
}
