package dev.tproxy.model;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A program version such as {@code 1.20}, {@code 2.3.1} or {@code 1.22.1}; compared numerically
 * part by part, missing parts count as zero ({@code 2.2} equals {@code 2.2.0}).
 */
public record Version(int major, int minor, int patch) implements Comparable<Version> {

  private static final Pattern SYNTAX = Pattern.compile("(\\d{1,4})(?:\\.(\\d{1,4}))?(?:\\.(\\d{1,4}))?");

  public Version {
    if (major < 0 || minor < 0 || patch < 0) {
      throw new IllegalArgumentException("version parts must not be negative");
    }
  }

  public static Version of(int major, int minor) {
    return new Version(major, minor, 0);
  }

  /** Parses {@code MAJOR[.MINOR[.PATCH]]}; throws {@link IllegalArgumentException} otherwise. */
  public static Version parse(String text) {
    Matcher m = SYNTAX.matcher(Objects.requireNonNull(text, "text"));
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "\"" + text + "\" is not a version: write MAJOR.MINOR or MAJOR.MINOR.PATCH, e.g. 1.20 or 2.3.1");
    }
    return new Version(
        Integer.parseInt(m.group(1)),
        m.group(2) == null ? 0 : Integer.parseInt(m.group(2)),
        m.group(3) == null ? 0 : Integer.parseInt(m.group(3)));
  }

  public boolean isAtLeast(Version other) {
    return compareTo(other) >= 0;
  }

  @Override
  public int compareTo(Version o) {
    int c = Integer.compare(major, o.major);
    if (c == 0) {
      c = Integer.compare(minor, o.minor);
    }
    return c != 0 ? c : Integer.compare(patch, o.patch);
  }

  /** {@code 1.20}, {@code 2.3.1}: the patch part only when it is not zero. */
  @Override
  public String toString() {
    return patch == 0 ? major + "." + minor : major + "." + minor + "." + patch;
  }
}
