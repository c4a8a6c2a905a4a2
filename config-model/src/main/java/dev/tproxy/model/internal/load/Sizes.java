package dev.tproxy.model.internal.load;

/** Sizes as nginx writes them: {@code 512k}, {@code 10m}, plain bytes, or {@code off} (0). */
final class Sizes {
  /** The largest number of bytes or units: nine digits, as nginx's size parser takes. */
  static final long MAX_DIGITS_VALUE = 999_999_999L;

  private Sizes() {}

  static long parse(String text) {
    if (text.equals("off")) {
      return 0;
    }
    String t = text.toLowerCase(java.util.Locale.ROOT);
    long unit = 1;
    if (t.endsWith("k")) {
      unit = 1024;
    } else if (t.endsWith("m")) {
      unit = 1024 * 1024;
    }
    String digits = unit == 1 ? t : t.substring(0, t.length() - 1);
    if (digits.isEmpty() || digits.length() > 9 || !digits.chars().allMatch(Character::isDigit)) {
      throw new IllegalArgumentException("\"" + text + "\" is not a size: write e.g. 10m, 512k or off");
    }
    return Long.parseLong(digits) * unit;
  }
}
