package dev.tproxy.generate.internal.syntax;

/**
 * One word of a POSIX shell command. Anything beyond plain path characters is single-quoted;
 * inside single quotes the shell interprets nothing, and a single quote itself is written as
 * {@code '\''}.
 */
public final class ShellSyntax {
  /**
   * Characters a word may hold unquoted. Not the comma: bash reads {@code (a,b)} as one array
   * element, but shellcheck takes it for a mistyped separator (SC2054), so it is quoted too.
   */
  private static final String BARE = "._/:@%+=-";

  private ShellSyntax() {}

  public static String word(String value) {
    Characters.requirePrintable(value, "a shell script");
    if (Characters.onlyOf(value, BARE)) {
      return value;
    }
    return "'" + value.replace("'", "'\\''") + "'";
  }

  /**
   * A path on a user's machine that may start with {@code ~/}: the tilde stays outside the quotes
   * so that the shell expands it to the home directory, the rest is quoted.
   */
  public static String homePath(String value) {
    if (value.startsWith("~/") && value.length() > 2) {
      return "~/" + word(value.substring(2));
    }
    return word(value);
  }
}
