package dev.tproxy.model.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;

/**
 * Writes a JSON data tree as YAML, choosing among the ways to write each value so that files
 * exercise the loader's reading of YAML: strings plain where YAML 1.2 reads them as strings
 * ({@code on}, {@code yes}, {@code 1.2.3}) or double-quoted, whole numbers in decimal or hex, block
 * or flow collections. Every choice means the same data; the test reads each file back to check.
 */
final class YamlWriter {
  /** Plain scalars that cannot be mistaken for anything else in block or flow context. */
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./~^+][A-Za-z0-9_./~*^+ :@()=-]*|-[A-Za-z0-9_./~*^+:@()=-]+");

  private final Random random;
  private final StringBuilder out = new StringBuilder();

  private YamlWriter(Random random) {
    this.random = random;
  }

  static String write(JsonNode root, Random random) {
    YamlWriter w = new YamlWriter(random);
    if (root.isObject() && !root.isEmpty()) {
      w.blockMapping(root, 0);
    } else {
      w.out.append(w.flow(root)).append('\n');
    }
    return w.out.toString();
  }

  private void blockMapping(JsonNode map, int indent) {
    Iterator<Map.Entry<String, JsonNode>> it = map.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      out.append(" ".repeat(indent)).append(key(e.getKey())).append(':');
      value(e.getValue(), indent);
    }
  }

  /** After "key:" or "- ": a scalar or flow collection on the line, else a block below. */
  private void value(JsonNode v, int indent) {
    boolean block = v.isContainerNode() && !v.isEmpty() && random.nextInt(3) > 0;
    if (!block) {
      out.append(' ').append(flow(v)).append('\n');
      return;
    }
    out.append('\n');
    if (v.isObject()) {
      blockMapping(v, indent + 2);
    } else {
      for (JsonNode item : v) {
        out.append(" ".repeat(indent + 2)).append('-');
        if (item.isObject() && !item.isEmpty() && random.nextBoolean()) {
          // "- key: value" with the mapping's other keys aligned under the first
          StringBuilder saved = new StringBuilder(out);
          out.setLength(0);
          blockMapping(item, indent + 4);
          String body = out.toString();
          out.setLength(0);
          out.append(saved).append(' ').append(body.substring(indent + 4));
        } else {
          value(item, indent + 2);
        }
      }
    }
  }

  private String flow(JsonNode v) {
    if (v.isObject()) {
      StringBuilder sb = new StringBuilder("{");
      Iterator<Map.Entry<String, JsonNode>> it = v.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        sb.append(key(e.getKey())).append(": ").append(flow(e.getValue()));
        if (it.hasNext()) {
          sb.append(", ");
        }
      }
      return sb.append('}').toString();
    }
    if (v.isArray()) {
      StringBuilder sb = new StringBuilder("[");
      for (int i = 0; i < v.size(); i++) {
        sb.append(i > 0 ? ", " : "").append(flow(v.get(i)));
      }
      return sb.append(']').toString();
    }
    return scalar(v);
  }

  private String key(String k) {
    return plainString(k) ? k : quoted(k);
  }

  private String scalar(JsonNode v) {
    if (v.isNull()) {
      return random.nextBoolean() ? "null" : "~";
    }
    if (v.isBoolean()) {
      String s = Boolean.toString(v.booleanValue());
      return random.nextInt(4) == 0 ? s.toUpperCase(java.util.Locale.ROOT) : s;
    }
    if (v.isIntegralNumber()) {
      java.math.BigInteger i = v.bigIntegerValue();
      return i.signum() > 0 && random.nextInt(4) == 0 ? "0x" + i.toString(16) : i.toString();
    }
    if (v.isNumber()) {
      return v.decimalValue().toPlainString().contains(".") ? v.decimalValue().toPlainString()
          : v.decimalValue().toPlainString() + ".0";
    }
    String s = v.textValue();
    return plainString(s) && random.nextBoolean() ? s : quoted(s);
  }

  /** Written without quotes, YAML 1.2 reads {@code s} back as this string. */
  private static boolean plainString(String s) {
    return PLAIN.matcher(s).matches() && !s.endsWith(" ") && !s.endsWith(":") && !s.contains(": ")
        && !s.contains(" #") && CoreSchemaView.isString(s);
  }

  /** A double-quoted scalar; escapes whatever YAML would fold or cannot hold raw. */
  static String quoted(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        sb.append('\\').append(c);
      } else if (c < 0x20 || (c >= 0x7f && c < 0xa0) || c == '\u2028' || c == '\u2029' || c == '\ufeff'
          || Character.isSurrogate(c)) {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.append('"').toString();
  }
}
