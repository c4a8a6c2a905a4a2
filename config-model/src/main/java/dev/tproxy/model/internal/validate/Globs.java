package dev.tproxy.model.internal.validate;

/** fnmatch(3) patterns as sslh uses them for SNI and ALPN. */
final class Globs {
  private Globs() {}

  /** Whether {@code text} has none of fnmatch's special characters. */
  static boolean isLiteral(String text) {
    return text.chars().noneMatch(c -> c == '*' || c == '?' || c == '[');
  }

  /**
   * fnmatch({@code glob}, {@code name}) without flags, as sslh calls it, but ignoring case (names
   * compare case-insensitively, docs/runtime-vs-sslh-nginx.md); for checks, not for routing.
   */
  static boolean matches(String glob, String name) {
    StringBuilder regex = new StringBuilder();
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      if (c == '*') {
        regex.append(".*");
      } else if (c == '?') {
        regex.append('.');
      } else if (c == '[') {
        int close = glob.indexOf(']', i + 2);
        if (close < 0) {
          return false;
        }
        String set = glob.substring(i + 1, close);
        regex.append('[').append(set.startsWith("!") ? "^" + java.util.regex.Pattern.quote(set.substring(1))
            : java.util.regex.Pattern.quote(set)).append(']');
        i = close;
      } else {
        regex.append(java.util.regex.Pattern.quote(String.valueOf(c)));
      }
    }
    return java.util.regex.Pattern.compile(regex.toString(), java.util.regex.Pattern.CASE_INSENSITIVE | java.util.regex.Pattern.DOTALL)
        .matcher(name).matches();
  }

  static void check(String path, String glob, Findings f) {
    int i = 0;
    while (i < glob.length()) {
      char c = glob.charAt(i);
      if (c == '[') {
        int close = glob.indexOf(']', i + 2);
        if (close < 0) {
          f.error(path, "\"" + glob + "\" has a [ without its closing ]",
              "close the bracket expression, or write the character without brackets");
          return;
        }
        i = close + 1;
      } else if (c == ']') {
        f.error(path, "\"" + glob + "\" has a ] without an opening [", "");
        return;
      } else {
        i++;
      }
    }
  }
}
