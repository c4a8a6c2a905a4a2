package dev.tproxy.tasks;

import dev.tproxy.model.Diagnostic;

/**
 * Where a task tells the user what it does: Maven's log, Ant's project log or the terminal.
 * Lines are complete sentences, without trailing newlines.
 */
public interface Reporter {
  void info(String line);

  void warn(String line);

  void error(String line);

  /**
   * A problem with the topology, reported once: by default as its {@link Diagnostic#format()}
   * lines, at error or warning level. A front end that renders diagnostics otherwise (JSON)
   * overrides it.
   */
  default void diagnostic(Diagnostic d) {
    for (String line : d.format().split("\n")) {
      if (d.isError()) {
        error(line);
      } else {
        warn(line);
      }
    }
  }
}
