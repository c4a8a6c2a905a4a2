package dev.tproxy.cli;

import dev.tproxy.tasks.check.CheckTask;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "check", mixinStandardHelpOptions = true,
    description = {"Generate into a staging directory and check every file with the program that will read it:"
        + " nginx -t, sslh, stunnel, systemd-analyze verify and security, shellcheck, nft -c, ssh -G.",
        "Each complaint names its file and service; programs not installed are listed as not run.",
        "Exit 1 when a check fails or a certificate file the topology names is missing."},
    exitCodeListHeading = ExitCodes.HEADING,
    exitCodeList = {"0:every check that ran passed", "1:the topology is invalid, a check failed or a file it names is missing",
        ExitCodes.USAGE_LINE, ExitCodes.INTERNAL_LINE})
final class CheckCommand implements Callable<Integer> {
  @Mixin TopologyOption topology;
  @Mixin DiagnosticsFormat format;

  @Option(names = "--stand-in-certificates",
      description = "Check with certificates issued for the purpose by a made-up CA, in the staging directory,"
          + " instead of the files the topology names (for checking before they exist).")
  boolean standInCertificates;

  @Override
  public Integer call() throws Exception {
    format.run(topology.file, reporter ->
        CheckTask.run(new CheckTask.Parameters(topology.file, TopologyOption.NAME, standInCertificates), reporter));
    return ExitCodes.OK;
  }
}
