package dev.tproxy.tasks.observe;

import dev.tproxy.tasks.TaskException;
import java.util.Locale;

/** How {@code run} writes each connection's line. */
public enum LogFormat {
  /** The runtime's text line, through the logger {@code dev.tproxy.runtime.connections}. */
  TEXT,
  /** One JSON object per connection on standard error, where the text lines would go. */
  JSON;

  /**
   * {@code text} or {@code json}, in any case.
   *
   * @param option how the user wrote the setting, for the message, e.g. {@code --log-format}
   */
  public static LogFormat parse(String value, String option) throws TaskException {
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw TaskException.user(option + ": \"" + value + "\" is neither text nor json");
    }
  }
}
