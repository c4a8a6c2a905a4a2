package dev.tproxy.generate.internal.syntax;

import java.util.Locale;

/** Character checks shared by every syntax. */
public final class Characters {
  private Characters() {}

  /**
   * Refuses control characters, format characters (bidirectional overrides, zero-width marks
   * that make a file read differently from what it does), line and paragraph separators and
   * lone surrogates: none of the target syntaxes can carry them inertly in every position.
   */
  public static void requirePrintable(String value, String syntax) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      int type = Character.getType(c);
      boolean lone = Character.isSurrogate(c)
          && !(Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1)))
          && !(Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(value.charAt(i - 1)));
      if (type == Character.CONTROL || type == Character.FORMAT || type == Character.LINE_SEPARATOR
          || type == Character.PARAGRAPH_SEPARATOR || lone) {
        throw new UnsafeValueException(describe(value) + " contains the character "
            + String.format(Locale.ROOT, "U+%04X", (int) c) + ", which cannot be written into " + syntax + " safely");
      }
    }
  }

  /** A value for messages: quoted, with control characters made visible, shortened. */
  public static String describe(String value) {
    StringBuilder sb = new StringBuilder("\"");
    for (int i = 0; i < value.length() && i < 80; i++) {
      char c = value.charAt(i);
      if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT) {
        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      } else if (c == '"' || c == '\\') {
        sb.append('\\').append(c);
      } else {
        sb.append(c);
      }
    }
    return sb.append(value.length() > 80 ? "...\"" : "\"").toString();
  }

  /** True when every character of {@code value} is in {@code allowed} (ASCII only). */
  static boolean onlyOf(String value, String allowed) {
    if (value.isEmpty()) {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
      if (!alnum && allowed.indexOf(c) < 0) {
        return false;
      }
    }
    return true;
  }
}
