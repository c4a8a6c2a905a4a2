package dev.tproxy.tasks;

/**
 * Where a task tells the user what it does: Maven's log, Ant's project log or the terminal.
 * Lines are complete sentences, without trailing newlines.
 */
public interface Reporter {
  void info(String line);

  void warn(String line);

  void error(String line);
}
