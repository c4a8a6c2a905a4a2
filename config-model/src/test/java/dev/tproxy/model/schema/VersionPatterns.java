package dev.tproxy.model.schema;

import dev.tproxy.model.Version;
import java.util.ArrayList;
import java.util.List;

/**
 * Regular expressions that match the version texts below a given version, compared as
 * {@link Version} does: part by part, numerically, a missing part counting as zero. A JSON schema
 * compares no numbers inside strings, so "sslh before 2.3" is written as such a pattern.
 */
final class VersionPatterns {
  private VersionPatterns() {}

  /** Matches {@code MAJOR[.MINOR[.PATCH]]} texts of versions below {@code v}. */
  static String lessThan(Version v) {
    List<String> afterMinor = new ArrayList<>();
    if (v.patch() > 0) {
      afterMinor.add(""); // MAJOR.MINOR is MAJOR.MINOR.0
      afterMinor.add("\\." + below(v.patch()));
    }
    List<String> afterMajor = new ArrayList<>();
    if (v.minor() > 0 || v.patch() > 0) {
      afterMajor.add(""); // MAJOR alone is MAJOR.0.0
    }
    if (v.minor() > 0) {
      afterMajor.add("\\." + below(v.minor()) + "(?:\\.[0-9]+)?");
    }
    if (!afterMinor.isEmpty()) {
      afterMajor.add("\\." + equal(v.minor()) + alternatives(afterMinor));
    }
    List<String> all = new ArrayList<>();
    if (v.major() > 0) {
      all.add(below(v.major()) + "(?:\\.[0-9]+){0,2}");
    }
    if (!afterMajor.isEmpty()) {
      all.add(equal(v.major()) + alternatives(afterMajor));
    }
    return all.isEmpty() ? "^(?!)" : "^" + alternatives(all) + "$";
  }

  private static String alternatives(List<String> options) {
    return "(?:" + String.join("|", options) + ")";
  }

  /** The number {@code n}, with leading zeros. */
  private static String equal(int n) {
    return n == 0 ? "0+" : "0*" + n;
  }

  /** The numbers 0 to {@code n - 1}, with leading zeros; {@code n > 0}. */
  private static String below(int n) {
    return "0*" + upTo(n - 1);
  }

  /** The numbers 0 to {@code max} written without leading zeros. */
  private static String upTo(int max) {
    String m = Integer.toString(max);
    List<String> options = new ArrayList<>();
    options.add(m.length() == 1 ? "[0-" + m + "]" : "[0-9]");
    for (int len = 2; len < m.length(); len++) {
      options.add("[1-9][0-9]{" + (len - 1) + "}");
    }
    if (m.length() > 1) {
      for (int i = 0; i < m.length(); i++) {
        int low = i == 0 ? 1 : 0;
        int digit = m.charAt(i) - '0';
        if (digit > low) {
          String rest = m.length() - i - 1 > 0 ? "[0-9]{" + (m.length() - i - 1) + "}" : "";
          options.add(m.substring(0, i) + "[" + low + "-" + (digit - 1) + "]" + rest);
        }
      }
      options.add(m);
    }
    return options.size() == 1 ? options.get(0) : alternatives(options);
  }
}
