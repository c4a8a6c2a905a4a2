package dev.tproxy.cli;

import dev.tproxy.tasks.TaskException;
import picocli.CommandLine;

/** Task failures become a message on stderr and an exit code, not a stack trace. */
final class FailureHandler implements CommandLine.IExecutionExceptionHandler {
  static final int INPUT_ERROR = 1;
  static final int INTERNAL_ERROR = 3;

  @Override
  public int handleExecutionException(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
    if (e instanceof TaskException t) {
      cmd.getErr().println("tproxy: " + t.getMessage());
      return t.kind() == TaskException.Kind.USER ? INPUT_ERROR : INTERNAL_ERROR;
    }
    cmd.getErr().println("tproxy: internal error: " + e);
    e.printStackTrace(cmd.getErr());
    return INTERNAL_ERROR;
  }
}
