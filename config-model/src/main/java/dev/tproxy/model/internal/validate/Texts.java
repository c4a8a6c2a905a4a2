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
public final class Texts {
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

  /**
   * The longest parameter a generated file may carry: nginx reads its configuration through a
   * 4 KiB buffer (NGX_CONF_BUFFER) and refuses a longer token ("too long parameter").
   */
  static final int MAX_PARAMETER_BYTES = 4000;

  /** Linux's PATH_MAX (4096, with the final NUL) and NAME_MAX: longer paths cannot be opened. */
  static final int MAX_PATH_BYTES = 4095;

  static final int MAX_PATH_COMPONENT_BYTES = 255;

  private Texts() {}

  /** The text's length in the UTF-8 bytes the generated files hold. */
  static int utf8Length(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
  }

  /**
   * Why a path cannot be opened on Linux for its length, if it cannot: longer than PATH_MAX, or
   * a component longer than NAME_MAX (nginx, sslh and stunnel then refuse to start).
   */
  static Optional<String> pathTooLong(String s) {
    int bytes = utf8Length(s);
    if (bytes > MAX_PATH_BYTES) {
      return Optional.of("the path is " + bytes + " bytes long; Linux opens paths of at most " + MAX_PATH_BYTES);
    }
    for (String part : s.split("/")) {
      int n = utf8Length(part);
      if (n > MAX_PATH_COMPONENT_BYTES) {
        return Optional.of("the path has a " + n + "-byte component " + quote(part)
            + "; a file or directory name is at most " + MAX_PATH_COMPONENT_BYTES + " bytes");
      }
    }
    return Optional.empty();
  }

  /**
   * The first control character in {@code s}, if any, described for a message. Invisible
   * formatting characters (bidirectional overrides such as U+202E, zero-width spaces) count too:
   * in a generated file they make the text read differently from what the program does
   * ("Trojan Source", CVE-2021-42574), and the generator refuses to write them.
   */
  public static Optional<String> controlCharacter(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isSurrogate(c)) {
        boolean paired = Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        if (!paired) {
          return Optional.of(String.format(Locale.ROOT,
              "U+%04X (half of a surrogate pair, alone: no character, and no UTF-8 file can hold it)", (int) c));
        }
        i++; // a whole pair is one ordinary character
        continue;
      }
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
  public static String quote(String s) {
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
    Optional<String> tooLong = pathTooLong(s);
    if (cc.isPresent()) {
      f.error(path, "the path contains the control character " + cc.get(), "");
    } else if (tooLong.isPresent()) {
      f.error(path, tooLong.get(), "shorten it, e.g. with a symbolic link");
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
    Optional<String> tooLong = pathTooLong(s);
    if (cc.isPresent()) {
      f.error(path, "the path contains the control character " + cc.get(), "");
    } else if (tooLong.isPresent()) {
      f.error(path, tooLong.get(), "shorten it, e.g. with a symbolic link");
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
