package dev.tproxy.cli;

import dev.tproxy.tasks.Reporter;
import java.io.PrintWriter;

/** Information to stdout, warnings and errors to stderr. */
final class ConsoleReporter implements Reporter {
  private final PrintWriter out;
  private final PrintWriter err;

  ConsoleReporter(PrintWriter out, PrintWriter err) {
    this.out = out;
    this.err = err;
  }

  @Override
  public void info(String line) {
    out.println(line);
    out.flush();
  }

  @Override
  public void warn(String line) {
    err.println(line);
    err.flush();
  }

  @Override
  public void error(String line) {
    err.println(line);
    err.flush();
  }
}
