package dev.tproxy.model.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tproxy.model.internal.load.Node;
import dev.tproxy.model.internal.load.NodeReader;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * A YAML or JSON text as the JSON data model sees it, through the loader's reader: what a schema
 * validator is given. YAML scalars are typed by YAML 1.2's core schema, as editors read them.
 */
final class Yaml12Tree {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private Yaml12Tree() {}

  static JsonNode read(String text, boolean json) {
    try {
      return toJson(NodeReader.read(text, "x", json).root());
    } catch (NodeReader.SyntaxException e) {
      throw new IllegalArgumentException(e.getMessage() + " at " + e.location(), e);
    }
  }

  static JsonNode toJson(Node n) {
    if (n instanceof Node.MapNode m) {
      ObjectNode o = F.objectNode();
      m.entries().forEach((k, e) -> o.set(k, toJson(e.value())));
      return o;
    }
    if (n instanceof Node.ListNode l) {
      ArrayNode a = F.arrayNode();
      l.items().forEach(i -> a.add(toJson(i)));
      return a;
    }
    Node.Scalar s = (Node.Scalar) n;
    return switch (s.kind()) {
      case STRING -> F.textNode(s.text());
      case TRUE -> F.booleanNode(true);
      case FALSE -> F.booleanNode(false);
      case NULL -> F.nullNode();
      case INTEGER -> F.numberNode(integer(s.text()));
      case FLOAT -> number(s.text());
    };
  }

  private static BigInteger integer(String t) {
    boolean negative = t.startsWith("-");
    String d = t.startsWith("-") || t.startsWith("+") ? t.substring(1) : t;
    BigInteger v = d.startsWith("0x") ? new BigInteger(d.substring(2), 16)
        : d.startsWith("0o") ? new BigInteger(d.substring(2), 8) : new BigInteger(d);
    return negative ? v.negate() : v;
  }

  private static JsonNode number(String t) {
    return switch (t.replace("+", "")) {
      case ".inf", ".Inf", ".INF" -> F.numberNode(Double.POSITIVE_INFINITY);
      case "-.inf", "-.Inf", "-.INF" -> F.numberNode(Double.NEGATIVE_INFINITY);
      case ".nan", ".NaN", ".NAN" -> F.numberNode(Double.NaN);
      default -> F.numberNode(new BigDecimal(t));
    };
  }
}
