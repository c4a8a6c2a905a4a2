package dev.tproxy.generate.diagram;

/**
 * Which characters of a user's value a diagram shows as a {@code \}{@code uXXXX} code instead of
 * as themselves: control and format characters (newlines, bidirectional overrides, zero-width
 * marks), line and paragraph separators and lone surrogates. Shown as themselves they would
 * break a line of DOT or Mermaid, or make a label read differently from the name it stands for.
 */
public final class Unprintables {
  private Unprintables() {}

  static boolean isUnprintable(String value, int index) {
    char c = value.charAt(index);
    int type = Character.getType(c);
    if (type == Character.CONTROL || type == Character.FORMAT || type == Character.LINE_SEPARATOR
        || type == Character.PARAGRAPH_SEPARATOR) {
      return true;
    }
    if (Character.isHighSurrogate(c)) {
      return index + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(index + 1));
    }
    if (Character.isLowSurrogate(c)) {
      return index == 0 || !Character.isHighSurrogate(value.charAt(index - 1));
    }
    return false;
  }

  /** {@code value} as a diagram shows it, whatever the syntax. */
  public static String visible(String value) {
    StringBuilder sb = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      sb.append(isUnprintable(value, i) ? "\\" + code(value.charAt(i)) : String.valueOf(value.charAt(i)));
    }
    return sb.toString();
  }

  /** {@code u000a} for a newline: the code after the backslash, which each syntax writes its own way. */
  static String code(char c) {
    return String.format(java.util.Locale.ROOT, "u%04x", (int) c);
  }
}
