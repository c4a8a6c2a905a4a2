package dev.tproxy.cli;

import dev.tproxy.tasks.GenerateTask;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "generate", mixinStandardHelpOptions = true,
    description = {"Validate, then write the nginx, sslh, stunnel, systemd, routing, certificate-ACL and ssh_config"
        + " files of a topology into a directory (all or nothing).",
        "The directory's .tproxy-generated lists what was written (sha256sum -c checks it): the next generate removes"
            + " the files listed there that the topology no longer needs, and refuses a directory holding files"
            + " tproxy did not write, unless --force."},
    exitCodeListHeading = ExitCodes.HEADING,
    exitCodeList = {"0:the files were written",
        "1:the topology is invalid, the engines cannot do what it asks, or the directory holds files tproxy did not"
            + " write (nothing was written)",
        ExitCodes.USAGE_LINE, ExitCodes.INTERNAL_LINE})
final class GenerateCommand implements Callable<Integer> {
  @Mixin TopologyOption topology;
  @Mixin DiagnosticsFormat format;

  @Option(names = {"-o", "--output"}, paramLabel = "DIR", defaultValue = "tproxy-generated",
      description = "Where the files go (default: ${DEFAULT-VALUE}).")
  Path output;

  @Option(names = "--templates", paramLabel = "DIR", description = "Templates that replace the built-in ones.")
  Path templates;

  @Option(names = "--force", description = "Write even though the directory holds files tproxy did not write (or that"
      + " changed since): those of the same name are replaced, the others left as they are.")
  boolean force;

  @Override
  public Integer call() throws Exception {
    format.run(topology.file, reporter -> GenerateTask.run(
        new GenerateTask.Parameters(topology.file, TopologyOption.NAME, output, templates, force, "--force"), reporter));
    return ExitCodes.OK;
  }
}
