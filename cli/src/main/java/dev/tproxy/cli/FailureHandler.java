package dev.tproxy.cli;

import dev.tproxy.tasks.TaskException;
import picocli.CommandLine;

/** Task failures become a message on stderr and an exit code ({@link ExitCodes}), not a stack trace. */
final class FailureHandler implements CommandLine.IExecutionExceptionHandler {

  @Override
  public int handleExecutionException(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
    if (e instanceof TaskException t) {
      cmd.getErr().println("tproxy: " + t.getMessage());
      return exitCode(t);
    }
    cmd.getErr().println("tproxy: internal error: " + e);
    e.printStackTrace(cmd.getErr());
    return ExitCodes.INTERNAL_ERROR;
  }

  static int exitCode(TaskException t) {
    return t.kind() == TaskException.Kind.USER ? ExitCodes.INPUT_ERROR : ExitCodes.INTERNAL_ERROR;
  }
}
