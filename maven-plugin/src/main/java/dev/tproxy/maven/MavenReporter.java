package dev.tproxy.maven;

import dev.tproxy.tasks.Reporter;
import org.apache.maven.plugin.logging.Log;

/** Task output into Maven's log. */
final class MavenReporter implements Reporter {
  private final Log log;

  MavenReporter(Log log) {
    this.log = log;
  }

  @Override
  public void info(String line) {
    log.info(line);
  }

  @Override
  public void warn(String line) {
    log.warn(line);
  }

  @Override
  public void error(String line) {
    log.error(line);
  }
}
