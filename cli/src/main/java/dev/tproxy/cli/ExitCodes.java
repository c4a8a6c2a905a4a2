package dev.tproxy.cli;

/**
 * The exit codes every command documents in its {@code --help} (picocli's exit code list), the
 * same for all: what 1 covers is said per command.
 */
final class ExitCodes {
  static final int OK = 0;
  static final int INPUT_ERROR = 1;
  static final int USAGE = 2;
  static final int INTERNAL_ERROR = 3;

  static final String HEADING = "%nExit codes:%n";
  static final String USAGE_LINE = "2:bad command line (an unknown option, a missing value)";
  static final String INTERNAL_LINE = "3:internal failure (a bug or the system: the message says which)";

  private ExitCodes() {}
}
