package dev.tproxy.tasks;

import java.util.ArrayList;
import java.util.List;

/** Keeps what a task reports, prefixed by level, for assertions. */
final class RecordingReporter implements Reporter {
  final List<String> lines = new ArrayList<>();

  @Override
  public void info(String line) {
    lines.add("INFO " + line);
  }

  @Override
  public void warn(String line) {
    lines.add("WARN " + line);
  }

  @Override
  public void error(String line) {
    lines.add("ERROR " + line);
  }
}
