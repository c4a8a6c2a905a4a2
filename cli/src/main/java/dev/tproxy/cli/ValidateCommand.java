package dev.tproxy.cli;

import dev.tproxy.tasks.ValidateTask;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "validate", mixinStandardHelpOptions = true,
    description = {"Load and validate a topology; print every problem once, as FILE:LINE:COL: severity: path: message.",
        "Also checks that the certificate, key, password and client CA files the topology names exist here, are"
            + " readable by this user, hold PEM certificates and keys, and that each key is its certificate's."},
    exitCodeListHeading = ExitCodes.HEADING,
    exitCodeList = {"0:the topology is valid (warnings allowed)",
        "1:it is not, or a file it names is missing, unreadable or does not match (each problem is printed)",
        ExitCodes.USAGE_LINE, ExitCodes.INTERNAL_LINE})
final class ValidateCommand implements Callable<Integer> {
  @Mixin TopologyOption topology;
  @Mixin DiagnosticsFormat format;

  @Option(names = "--no-file-checks",
      description = "Do not look for the files the topology names: for validating on another machine than the proxy host.")
  boolean noFileChecks;

  @Override
  public Integer call() throws Exception {
    format.run(topology.file, reporter ->
        ValidateTask.run(new ValidateTask.Parameters(topology.file, TopologyOption.NAME, !noFileChecks, "--no-file-checks"), reporter));
    return ExitCodes.OK;
  }
}
