package dev.tproxy.generate.internal.syntax;

/**
 * Identifiers of formats with no quoting at all (iproute2's rt_tables, nftables names): only
 * letters, digits, {@code _}, {@code .} and {@code -} are accepted, anything else is refused.
 */
public final class WordSyntax {
  private static final String ALLOWED = "_.-";

  private WordSyntax() {}

  public static String word(String value) {
    Characters.requirePrintable(value, "an identifier");
    if (!Characters.onlyOf(value, ALLOWED)) {
      throw new UnsafeValueException(Characters.describe(value)
          + " is not a plain word (letters, digits, _ . -), which this file format needs");
    }
    return value;
  }
}
