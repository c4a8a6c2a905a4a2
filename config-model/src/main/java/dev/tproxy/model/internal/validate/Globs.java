package dev.tproxy.model.internal.validate;

/** fnmatch(3) patterns as sslh uses them for SNI and ALPN. */
final class Globs {
  private Globs() {}

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
