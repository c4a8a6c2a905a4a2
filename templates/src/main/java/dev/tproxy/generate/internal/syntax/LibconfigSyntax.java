package dev.tproxy.generate.internal.syntax;

/**
 * libconfig strings (sslh's configuration). Every value becomes a double-quoted string with
 * {@code \} and {@code "} escaped: libconfig knows the type of a setting by its syntax, and sslh
 * silently ignores a setting of the wrong type, so strings are never written bare. Integers and
 * booleans go through {@code bare()} in templates instead.
 */
public final class LibconfigSyntax {
  private LibconfigSyntax() {}

  public static String string(String value) {
    Characters.requirePrintable(value, "a libconfig file");
    return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }
}
