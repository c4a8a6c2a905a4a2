package dev.tproxy.cli;

import dev.tproxy.tasks.GenerateTask;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "generate", mixinStandardHelpOptions = true,
    description = "Validate, then write the nginx, sslh, stunnel, systemd, routing, certificate-ACL and ssh_config"
        + " files of a topology into a directory (all or nothing).")
final class GenerateCommand implements Callable<Integer> {
  @Mixin TopologyOption topology;

  @Option(names = {"-o", "--output"}, paramLabel = "DIR", defaultValue = "tproxy-generated",
      description = "Where the files go (default: ${DEFAULT-VALUE}).")
  Path output;

  @Option(names = "--templates", paramLabel = "DIR", description = "Templates that replace the built-in ones.")
  Path templates;

  @Override
  public Integer call() throws Exception {
    GenerateTask.run(new GenerateTask.Parameters(topology.file, TopologyOption.NAME, output, templates), topology.reporter());
    return 0;
  }
}
