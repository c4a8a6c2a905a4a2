package dev.tproxy.generate.internal.syntax;

/** Free text for people (README): written as it is, minus characters that hide or break lines. */
public final class TextSyntax {
  private TextSyntax() {}

  public static String text(String value) {
    Characters.requirePrintable(value, "a text file");
    return value;
  }
}
