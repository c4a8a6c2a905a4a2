package dev.tproxy.cli;

import dev.tproxy.tasks.ValidateTask;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "validate", mixinStandardHelpOptions = true,
    description = "Load and validate a topology; print every problem as FILE:LINE:COL.")
final class ValidateCommand implements Callable<Integer> {
  @Mixin TopologyOption topology;

  @Override
  public Integer call() throws Exception {
    ValidateTask.run(new ValidateTask.Parameters(topology.file, TopologyOption.NAME), topology.reporter());
    return 0;
  }
}
