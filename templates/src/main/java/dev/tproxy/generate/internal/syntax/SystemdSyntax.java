package dev.tproxy.generate.internal.syntax;

/**
 * One word of a systemd command line ({@code ExecStart=}) or setting. systemd expands
 * {@code %} specifiers everywhere and {@code $} environment variables in command lines, so both
 * are doubled; a word with anything beyond plain path characters is double-quoted with
 * {@code \} and {@code "} escaped (systemd unescapes C-style inside quotes).
 */
public final class SystemdSyntax {
  private static final String BARE = "._:/@+,=-";

  private SystemdSyntax() {}

  public static String word(String value) {
    Characters.requirePrintable(value, "a systemd unit");
    if (Characters.onlyOf(value, BARE)) {
      return value;
    }
    return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("%", "%%").replace("$", "$$") + '"';
  }
}
