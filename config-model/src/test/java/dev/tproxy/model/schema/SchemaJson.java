package dev.tproxy.model.schema;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Iterator;
import java.util.Map;

/**
 * Writes the schema in its checked-in layout: two spaces a level, and an object or array on one
 * line when it fits in {@value #WIDTH} columns, so that short definitions read as one line and the
 * file stays diffable.
 */
final class SchemaJson {
  private static final int WIDTH = 110;
  private static final ObjectMapper JSON = new ObjectMapper();

  private SchemaJson() {}

  static String write(JsonNode node) {
    StringBuilder sb = new StringBuilder();
    write(node, 0, 0, sb);
    return sb.append('\n').toString();
  }

  /** @param used columns already taken on the current line (indent and key) */
  private static void write(JsonNode node, int indent, int used, StringBuilder sb) {
    String flat = flat(node);
    if (!node.isContainerNode() || node.isEmpty() || used + flat.length() <= WIDTH) {
      sb.append(flat);
      return;
    }
    String pad = " ".repeat(indent + 2);
    if (node.isObject()) {
      sb.append("{\n");
      Iterator<Map.Entry<String, JsonNode>> it = node.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        String key = string(e.getKey()) + ": ";
        sb.append(pad).append(key);
        write(e.getValue(), indent + 2, pad.length() + key.length() + 1, sb);
        sb.append(it.hasNext() ? ",\n" : "\n");
      }
      sb.append(" ".repeat(indent)).append('}');
    } else {
      sb.append("[\n");
      for (int i = 0; i < node.size(); i++) {
        sb.append(pad);
        write(node.get(i), indent + 2, pad.length() + 1, sb);
        sb.append(i < node.size() - 1 ? ",\n" : "\n");
      }
      sb.append(" ".repeat(indent)).append(']');
    }
  }

  /** One line, with a space after each colon and comma. */
  private static String flat(JsonNode node) {
    if (node.isObject()) {
      StringBuilder sb = new StringBuilder("{");
      Iterator<Map.Entry<String, JsonNode>> it = node.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        sb.append(string(e.getKey())).append(": ").append(flat(e.getValue()));
        if (it.hasNext()) {
          sb.append(", ");
        }
      }
      return sb.append('}').toString();
    }
    if (node.isArray()) {
      StringBuilder sb = new StringBuilder("[");
      for (int i = 0; i < node.size(); i++) {
        sb.append(i > 0 ? ", " : "").append(flat(node.get(i)));
      }
      return sb.append(']').toString();
    }
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String string(String s) {
    try {
      return JSON.writeValueAsString(s);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
