package dev.tproxy.generate.internal.syntax;

import java.util.Set;

/**
 * nginx configuration tokens. A value is written bare when it consists of characters the nginx
 * tokenizer never treats specially, otherwise as one double-quoted token in which only {@code \}
 * and {@code "} need a backslash ({@code ;}, braces, {@code #} and spaces are literal inside
 * quotes). {@code $} is refused everywhere: nginx expands it as a variable in most directives,
 * quoted or not, and has no escape for it.
 */
public final class NginxSyntax {
  /** Besides letters and digits: what addresses, paths, sizes and server names use. */
  private static final String BARE = "._:/[]*@+,=-";

  /** Source values a map treats as its own parameters unless escaped with a backslash. */
  private static final Set<String> MAP_PARAMETERS = Set.of("default", "hostnames", "include", "volatile");

  private NginxSyntax() {}

  public static String token(String value) {
    Characters.requirePrintable(value, "an nginx configuration");
    if (value.indexOf('$') >= 0) {
      throw new UnsafeValueException(Characters.describe(value)
          + " contains $, which nginx would expand as a variable; nginx has no way to escape it");
    }
    if (Characters.onlyOf(value, BARE)) {
      return value;
    }
    return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }

  /**
   * A source value of a {@code map}: like {@link #token}, but a value that reads as a map
   * parameter ({@code default}, {@code hostnames}, ...), a regular expression ({@code ~...}) or
   * starts with the backslash escape itself gets the leading backslash that makes it literal.
   */
  public static String mapKey(String value) {
    if (MAP_PARAMETERS.contains(value) || value.startsWith("~") || value.startsWith("\\")) {
      return token("\\" + value);
    }
    return token(value);
  }
}
