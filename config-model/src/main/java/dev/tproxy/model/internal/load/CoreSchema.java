package dev.tproxy.model.internal.load;

import java.util.regex.Pattern;

/**
 * What an untagged plain YAML scalar is under YAML 1.2's core schema: the reading of editors
 * (yaml-language-server) and of JSON-schema tools. SnakeYAML, under Jackson, reads YAML 1.1, where
 * {@code yes}, {@code on} and {@code off} are booleans and {@code 1_000} a number; tproxy reads a
 * file as the schema and the editor see it, so that both refuse and accept the same files.
 */
final class CoreSchema {
  private static final Pattern NULL = Pattern.compile("|~|null|Null|NULL");
  private static final Pattern TRUE = Pattern.compile("true|True|TRUE");
  private static final Pattern FALSE = Pattern.compile("false|False|FALSE");
  private static final Pattern INTEGER = Pattern.compile("[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+");
  private static final Pattern FLOAT = Pattern.compile(
      "[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?\\.(inf|Inf|INF)|\\.(nan|NaN|NAN)");

  private CoreSchema() {}

  static Node.ScalarKind kindOf(String plain) {
    if (!plain.isEmpty() && "0123456789+-.~nNtTfF".indexOf(plain.charAt(0)) < 0) {
      return Node.ScalarKind.STRING; // most scalars: no other kind starts with this character
    }
    if (NULL.matcher(plain).matches()) {
      return Node.ScalarKind.NULL;
    }
    if (TRUE.matcher(plain).matches()) {
      return Node.ScalarKind.TRUE;
    }
    if (FALSE.matcher(plain).matches()) {
      return Node.ScalarKind.FALSE;
    }
    if (INTEGER.matcher(plain).matches()) {
      return Node.ScalarKind.INTEGER;
    }
    if (FLOAT.matcher(plain).matches()) {
      return Node.ScalarKind.FLOAT;
    }
    return Node.ScalarKind.STRING;
  }
}
