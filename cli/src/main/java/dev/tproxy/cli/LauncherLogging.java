package dev.tproxy.cli;

import dev.tproxy.tasks.TaskException;
import java.util.Set;

/**
 * The launcher's text log (slf4j-simple on standard error): its level, and a date and time on
 * every line, so that a log kept outside the journal (a file, a container's output) still says
 * when. Set before the first logger is made, which is when slf4j-simple reads its settings; a
 * {@code -Dorg.slf4j.simpleLogger...} given to the JVM wins.
 */
final class LauncherLogging {
  private static final String PREFIX = "org.slf4j.simpleLogger.";
  private static final Set<String> LEVELS = Set.of("error", "warn", "info", "debug", "trace");

  private LauncherLogging() {}

  /** @param level from --log-level; null: info */
  static void configure(String level) throws TaskException {
    if (level != null) {
      if (!LEVELS.contains(level)) {
        throw TaskException.user("--log-level: \"" + level + "\" is none of error, warn, info, debug, trace");
      }
      System.setProperty(PREFIX + "defaultLogLevel", level);
    }
    setUnlessGiven("showDateTime", "true");
    // ISO 8601 with the offset: unambiguous across time zones and daylight saving.
    setUnlessGiven("dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
  }

  private static void setUnlessGiven(String key, String value) {
    if (System.getProperty(PREFIX + key) == null) {
      System.setProperty(PREFIX + key, value);
    }
  }
}
