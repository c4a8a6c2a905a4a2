package dev.tproxy.cli;

import dev.tproxy.model.TopologySchema;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Prints the topology's JSON schema, so that editors can be pointed at a local copy. */
@Command(name = "schema", mixinStandardHelpOptions = true,
    description = {"Print the JSON schema of topology files (draft 2020-12) for editors, e.g.",
        "  tproxy schema > tproxy.schema.json",
        "with  # yaml-language-server: $schema=./tproxy.schema.json  as the first line of tproxy.yaml.",
        "Its $id is " + TopologySchema.ID + "."},
    exitCodeListHeading = ExitCodes.HEADING,
    exitCodeList = {"0:printed", ExitCodes.USAGE_LINE, ExitCodes.INTERNAL_LINE})
final class SchemaCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    out.print(TopologySchema.text());
    out.flush();
    return 0;
  }
}
