package dev.tproxy.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code java -jar tproxy.jar <command>}. Exit codes: 0 done, 1 the input is wrong (the message
 * says what to fix), 2 bad command-line usage, 3 an internal failure.
 */
@Command(
    name = "tproxy",
    mixinStandardHelpOptions = true,
    versionProvider = Tproxy.Version.class,
    description = "One typed topology for IP-transparent proxy chains: validate it, generate configuration"
        + " for sslh/nginx/systemd, run it in-process, draw it, create development certificates, print its JSON schema.",
    exitCodeListHeading = ExitCodes.HEADING,
    exitCodeList = {"0:done", "1:the input is wrong or was refused (the message says what to fix)", ExitCodes.USAGE_LINE,
        ExitCodes.INTERNAL_LINE},
    subcommands = {ValidateCommand.class, CheckCommand.class, GenerateCommand.class, DiagramCommand.class,
        RunCommand.class, CertsCommand.class, SchemaCommand.class})
public final class Tproxy {

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs a command line and returns its exit code (main's only job is to exit with it). */
  static int run(String... args) {
    return new CommandLine(new Tproxy()).setExecutionExceptionHandler(new FailureHandler()).execute(args);
  }

  /** tproxy's version and commit, Netty's, the JDK's ({@link BuildInfo}). */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return BuildInfo.load().lines().toArray(String[]::new);
    }
  }
}
