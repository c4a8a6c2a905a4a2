package dev.tproxy.runtime.internal.route;

import java.util.regex.Pattern;

/**
 * A shell pattern with the semantics sslh gets from {@code fnmatch(pattern, name, 0)} (tls.c
 * {@code has_match}): {@code *} matches any run of characters, dots included, {@code ?} one
 * character, {@code [...]} a set ({@code [!...]} or {@code [^...]} its complement), a backslash
 * quotes the next character. Because there is no FNM_PERIOD, {@code *.example.org} needs at
 * least the dot, so it does not match {@code example.org} itself.
 *
 * <p>Compiled once into a {@link Pattern}; server names are compared case-insensitively (RFC
 * 6066 / RFC 4343; sslh compares them case-sensitively, see docs/runtime-vs-sslh-nginx.md), ALPN
 * protocol ids exactly (RFC 7301).
 */
public final class Glob {
  private final String text;
  private final Pattern pattern;

  private Glob(String text, Pattern pattern) {
    this.text = text;
    this.pattern = pattern;
  }

  /** A pattern for server names: case-insensitive. */
  public static Glob serverName(String glob) {
    return new Glob(glob, Pattern.compile(toRegex(glob), Pattern.CASE_INSENSITIVE | Pattern.DOTALL));
  }

  /** A pattern for ALPN protocol ids: exact. */
  public static Glob alpn(String glob) {
    return new Glob(glob, Pattern.compile(toRegex(glob), Pattern.DOTALL));
  }

  public boolean matches(String name) {
    return pattern.matcher(name).matches();
  }

  @Override
  public String toString() {
    return text;
  }

  static String toRegex(String glob) {
    StringBuilder re = new StringBuilder(glob.length() + 8);
    int i = 0;
    while (i < glob.length()) {
      char c = glob.charAt(i);
      switch (c) {
        case '*' -> re.append(".*");
        case '?' -> re.append('.');
        case '\\' -> {
          if (i + 1 < glob.length()) {
            i++;
            re.append(Pattern.quote(String.valueOf(glob.charAt(i))));
          } else {
            re.append("\\\\");
          }
        }
        case '[' -> {
          int close = bracketEnd(glob, i);
          if (close < 0) {
            // fnmatch treats a '[' without its ']' as an ordinary character.
            re.append("\\[");
          } else {
            re.append(bracket(glob.substring(i + 1, close)));
            i = close;
          }
        }
        default -> re.append(Pattern.quote(String.valueOf(c)));
      }
      i++;
    }
    return re.toString();
  }

  /** Index of the ']' that closes the set opened at {@code open}; a ']' first in the set is literal. */
  private static int bracketEnd(String glob, int open) {
    int j = open + 1;
    if (j < glob.length() && (glob.charAt(j) == '!' || glob.charAt(j) == '^')) {
      j++;
    }
    if (j < glob.length() && glob.charAt(j) == ']') {
      j++;
    }
    return glob.indexOf(']', j);
  }

  private static String bracket(String body) {
    StringBuilder set = new StringBuilder("[");
    int k = 0;
    if (!body.isEmpty() && (body.charAt(0) == '!' || body.charAt(0) == '^')) {
      set.append('^');
      k = 1;
    }
    int first = k;
    for (; k < body.length(); k++) {
      char c = body.charAt(k);
      if (c == '-' && k > first && k < body.length() - 1) {
        set.append('-');
      } else if (Character.isLetterOrDigit(c)) {
        set.append(c);
      } else {
        set.append('\\').append(c);
      }
    }
    return set.append(']').toString();
  }
}
