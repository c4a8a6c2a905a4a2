package dev.tproxy.model.schema;

import java.util.regex.Pattern;

/**
 * YAML 1.2's core schema, written down a second time from the specification (10.3.2) rather than
 * taken from the loader, so that the test's files do not inherit a mistake of the loader's.
 */
final class CoreSchemaView {
  private static final Pattern NOT_A_STRING = Pattern.compile(
      "|~|null|Null|NULL|true|True|TRUE|false|False|FALSE"
          + "|[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+"
          + "|[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?\\.(inf|Inf|INF)|\\.(nan|NaN|NAN)");

  private CoreSchemaView() {}

  /** A plain scalar with this text is a string. */
  static boolean isString(String plain) {
    return !NOT_A_STRING.matcher(plain).matches();
  }
}
