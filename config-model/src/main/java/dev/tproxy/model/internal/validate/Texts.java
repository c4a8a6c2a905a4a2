package dev.tproxy.model.internal.validate;

import java.nio.file.Path;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks on the text of names, host names and paths. Everything that ends up in a generated file
 * passes through one of these, so a hostile value is refused here with a clear message before any
 * template sees it (the templates escape as a second line of defence).
 */
final class Texts {
  /** Service, backend and topology names: they become nginx variables, unit and file names. */
  static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,47}");

  static final Pattern HOST_NAME =
      Pattern.compile("(?=.{1,253}$)[A-Za-z0-9_]([A-Za-z0-9_-]{0,62})(\\.[A-Za-z0-9_]([A-Za-z0-9_-]{0,62}))*\\.?");

  /** Exact or leading-wildcard server name, as nginx map {@code hostnames} takes them. */
  static final Pattern SERVER_NAME_PATTERN =
      Pattern.compile("(?=.{1,253}$)(\\*\\.)?[A-Za-z0-9_]([A-Za-z0-9_-]{0,62})(\\.[A-Za-z0-9_]([A-Za-z0-9_-]{0,62}))*");

  /** ALPN protocol ids as registered by IANA: h2, http/1.1, acme-tls/1, ... */
  static final Pattern ALPN_ID = Pattern.compile("[A-Za-z0-9._/+-]{1,64}");

  /** POSIX user names as Debian allows them (Debian-exim has capitals). */
  static final Pattern USER = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]{0,31}");

  private Texts() {}

  /**
   * The first control character in {@code s}, if any, described for a message. Invisible
   * formatting characters (bidirectional overrides such as U+202E, zero-width spaces) count too:
   * in a generated file they make the text read differently from what the program does
   * ("Trojan Source", CVE-2021-42574), and the generator refuses to write them.
   */
  static Optional<String> controlCharacter(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == '\u2028' || c == '\u2029') {
        return Optional.of(String.format(Locale.ROOT, "U+%04X", (int) c));
      }
      if (Character.getType(c) == Character.FORMAT) {
        return Optional.of(String.format(Locale.ROOT, "U+%04X (an invisible formatting character)", (int) c));
      }
    }
    return Optional.empty();
  }

  /** Shows a value in a message with its quotes and control characters made visible. */
  static String quote(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (int i = 0; i < s.length() && i < 80; i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        sb.append(String.format(Locale.ROOT, "\\x%02x", (int) c));
      } else if (c == '"' || c == '\\') {
        sb.append('\\').append(c);
      } else {
        sb.append(c);
      }
    }
    if (s.length() > 80) {
      sb.append("...");
    }
    return sb.append('"').toString();
  }

  static void checkName(String path, String what, String name, Findings f) {
    if (name == null || name.isEmpty()) {
      f.error(path, what + " has no name", "every " + what + " needs a name: lower-case letters, digits, - and _");
    } else if (!NAME.matcher(name).matches()) {
      f.error(
          path,
          Texts.quote(name) + " is not a valid " + what + " name",
          "use 1-48 lower-case letters, digits, - and _, starting with a letter or digit;"
              + " names become nginx variables, systemd unit and file names");
    }
  }

  /**
   * Paths end up quoted in nginx, libconfig, systemd and shell files. Absolute, no control
   * characters, no {@code $} (nginx would expand it), and no {@code ..} segments.
   */
  static void checkPath(String path, Path value, Findings f) {
    if (value == null) {
      return;
    }
    String s = value.toString();
    Optional<String> cc = controlCharacter(s);
    if (cc.isPresent()) {
      f.error(path, "the path contains the control character " + cc.get(), "");
    } else if (!value.isAbsolute()) {
      f.error(path, Texts.quote(s) + " is not an absolute path", "services read it from their own working directory; write the full path");
    } else if (s.indexOf('$') >= 0) {
      f.error(path, Texts.quote(s) + " contains $", "nginx would expand it as a variable; rename the file or directory");
    } else if (s.contains("/../") || s.endsWith("/..")) {
      f.error(path, Texts.quote(s) + " contains ..", "write the path without .. segments");
    }
  }

  /**
   * A path on an ssh client's machine, written into ~/.ssh/config: absolute or starting with
   * {@code ~/}; no control characters, no quotes (ssh_config has no escape for them).
   */
  static void checkClientPath(String path, Path value, Findings f) {
    String s = value.toString();
    Optional<String> cc = controlCharacter(s);
    if (cc.isPresent()) {
      f.error(path, "the path contains the control character " + cc.get(), "");
    } else if (!value.isAbsolute() && !s.startsWith("~/")) {
      f.error(path, Texts.quote(s) + " is neither absolute nor in the home directory",
          "ssh runs ProxyCommand from any directory; write /full/path or ~/path");
    } else if (s.indexOf('"') >= 0 || s.indexOf('\\') >= 0 || s.indexOf('%') >= 0) {
      f.error(path, Texts.quote(s) + " contains \", \\ or %",
          "ssh_config cannot quote these inside ProxyCommand (% starts an ssh token); rename the file");
    }
  }

  /** Levenshtein suggestion among {@code candidates}, for "did you mean". */
  static Optional<String> closest(String wrong, Collection<String> candidates) {
    int allowed = Math.max(1, Math.min(3, wrong.length() / 3));
    return dev.tproxy.model.internal.Suggestions.closest(wrong, candidates, allowed, s -> s.toLowerCase(Locale.ROOT));
  }
}
