package dev.tproxy.generate.internal.syntax;

/**
 * The value of a {@code key = value} line of stunnel's configuration. stunnel has no quoting:
 * the value is the rest of the line with surrounding blanks removed, and comments only start a
 * line. So a value is written as it is, and refused when it has line breaks or leading or
 * trailing blanks that stunnel would drop.
 */
public final class StunnelSyntax {
  private StunnelSyntax() {}

  public static String value(String value) {
    Characters.requirePrintable(value, "a stunnel configuration");
    if (value.isEmpty() || value.strip().length() != value.length()) {
      throw new UnsafeValueException(Characters.describe(value)
          + " is empty or starts or ends with blanks, which stunnel would drop");
    }
    return value;
  }
}
