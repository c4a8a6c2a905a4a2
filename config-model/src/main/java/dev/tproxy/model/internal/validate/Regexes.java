package dev.tproxy.model.internal.validate;

import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Regular expressions of regex probes. */
final class Regexes {
  private Regexes() {}

  static void check(String path, String regex, Findings f) {
    if (regex == null || regex.isEmpty()) {
      f.error(path, "the pattern is empty", "an empty pattern matches everything: use anyprot instead");
      return;
    }
    Optional<String> cc = Texts.controlCharacter(regex);
    if (cc.isPresent()) {
      f.error(path, "the pattern contains the control character " + cc.get(),
          "write it as a regex escape instead, e.g. \\\\n or \\\\x00");
      return;
    }
    int bytes = Texts.utf8Length(regex);
    if (bytes > Texts.MAX_PARAMETER_BYTES) {
      f.error(path, "the pattern is " + bytes + " bytes long; a generated file can carry at most " + Texts.MAX_PARAMETER_BYTES,
          "nginx and sslh read parameters of at most 4 KiB; match a shorter prefix");
      return;
    }
    try {
      Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      f.error(path, "\"" + regex + "\" is not a valid regular expression: " + e.getDescription()
              + (e.getIndex() >= 0 ? " at position " + e.getIndex() : ""),
          "");
    }
  }
}
