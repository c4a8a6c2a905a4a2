package dev.tproxy.runtime;

/**
 * Writes one JSON object on one line, fields in the order given. Strings are escaped so that
 * whatever a client or certificate puts in them (quotes, backslashes, control characters, line
 * and paragraph separators, unpaired surrogates) cannot end the line, the string or the object:
 * the output is plain ASCII-safe JSON (RFC 8259) that JavaScript's {@code eval} also reads.
 */
final class JsonObjectWriter {
  private final StringBuilder out;
  private boolean first = true;

  JsonObjectWriter(StringBuilder out) {
    this.out = out;
    out.append('{');
  }

  JsonObjectWriter field(String name, String value) {
    name(name);
    string(out, value);
    return this;
  }

  JsonObjectWriter field(String name, long value) {
    name(name);
    out.append(value);
    return this;
  }

  JsonObjectWriter field(String name, boolean value) {
    name(name);
    out.append(value);
    return this;
  }

  /** Starts a nested object as the value of {@code name}; {@link #end()} it before going on here. */
  JsonObjectWriter object(String name) {
    name(name);
    return new JsonObjectWriter(out);
  }

  void end() {
    out.append('}');
  }

  private void name(String name) {
    if (!first) {
      out.append(',');
    }
    first = false;
    string(out, name);
    out.append(':');
  }

  /** {@code value} as a JSON string, or {@code null}. */
  static void string(StringBuilder out, String value) {
    if (value == null) {
      out.append("null");
      return;
    }
    out.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029' || isUnpairedSurrogate(value, i)) {
            unicodeEscape(out, c);
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  /** A surrogate that is not half of a pair cannot be encoded as UTF-8; written escaped, it survives. */
  private static boolean isUnpairedSurrogate(String s, int i) {
    char c = s.charAt(i);
    if (Character.isHighSurrogate(c)) {
      return i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
    }
    if (Character.isLowSurrogate(c)) {
      return i == 0 || !Character.isHighSurrogate(s.charAt(i - 1));
    }
    return false;
  }

  private static void unicodeEscape(StringBuilder out, char c) {
    out.append("\\u");
    for (int shift = 12; shift >= 0; shift -= 4) {
      out.append(Character.forDigit((c >> shift) & 0xf, 16));
    }
  }
}
