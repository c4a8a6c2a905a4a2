package dev.tproxy.cli;

import dev.tproxy.tasks.Reporter;
import dev.tproxy.tasks.TaskException;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code --format text|json}: how validate, check and generate print the topology's diagnostics. */
final class DiagnosticsFormat {

  /** A task given the reporter to speak through. */
  @FunctionalInterface
  interface Task {
    void run(Reporter reporter) throws TaskException;
  }

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
      description = {"Diagnostics as text (default: FILE:LINE:COL: severity: path: message, on standard error) or json:"
          + " one JSON document on standard output with each diagnostic's file, line, column, severity, path, message"
          + " and hint, the exit code and any other failure; other messages then go to standard error."
          + " The exit code is the same either way."})
  String format;

  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  /** Runs {@code task}; with json, writes the document whatever the outcome, then lets a failure through. */
  void run(Path topology, Task task) throws TaskException {
    CommandLine cmd = spec.commandLine();
    String f = format.toLowerCase(Locale.ROOT);
    if (f.equals("text")) {
      task.run(new ConsoleReporter(cmd.getOut(), cmd.getErr()));
      return;
    }
    if (!f.equals("json")) {
      throw new CommandLine.ParameterException(cmd, "--format: \"" + format + "\" is neither text nor json");
    }
    JsonDiagnostics json = new JsonDiagnostics(cmd.getOut(), cmd.getErr());
    try {
      task.run(json);
    } catch (TaskException e) {
      json.finish(spec.name(), topology, FailureHandler.exitCode(e), json.hasErrors() ? null : e.getMessage());
      throw e;
    }
    json.finish(spec.name(), topology, ExitCodes.OK, null);
  }
}
