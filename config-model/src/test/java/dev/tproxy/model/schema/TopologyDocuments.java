package dev.tproxy.model.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Topology documents for the agreement test, made from the schema: one-step mutations of a
 * document (a key removed, a value replaced by the schema's examples and enums or by a tricky or
 * wrongly typed value, a property the schema names added), and random walks of such additions
 * from small valid skeletons. Names given to targets are taken from the document, so that files
 * reach the rules a schema can state instead of stopping at an unknown name.
 */
final class TopologyDocuments {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  /** A document and how it was made, for messages. */
  record Document(String origin, JsonNode tree) {}

  private final SchemaNavigator nav;
  private final Random random;

  TopologyDocuments(SchemaNavigator nav, Random random) {
    this.nav = nav;
    this.random = random;
  }

  /** One-step mutants of {@code base}: up to {@code perValue} replacements of each value. */
  List<Document> mutants(String name, JsonNode base, int perValue) {
    List<Document> out = new ArrayList<>();
    List<String> names = names(base);
    for (List<Object> path : paths(base)) {
      JsonNode value = get(base, path);
      if (!path.isEmpty()) {
        out.add(new Document(name + ": remove " + show(path), removed(base, path)));
      }
      List<JsonNode> candidates = sample(candidates(path, value, names), perValue);
      for (JsonNode c : candidates) {
        out.add(new Document(name + ": " + show(path) + " = " + c, replaced(base, path, c)));
      }
      if (value.isObject()) {
        for (Map.Entry<String, JsonNode> p : nav.properties(nav.at(path)).entrySet()) {
          if (!value.has(p.getKey())) {
            List<Object> at = append(path, p.getKey());
            JsonNode v = valueFor(at, p.getValue(), names);
            out.add(new Document(name + ": add " + show(at) + " = " + v, replaced(base, at, v)));
          }
        }
        out.add(new Document(name + ": add unknown key", replaced(base, append(path, "colour"), F.textNode("red"))));
      }
    }
    return out;
  }

  /** A skeleton with {@code steps} random additions of properties the schema names, and maybe one replacement. */
  Document walk(String name, JsonNode skeleton, int steps) {
    JsonNode doc = skeleton.deepCopy();
    StringBuilder how = new StringBuilder(name);
    for (int i = 0; i < steps; i++) {
      List<List<Object>> objects = paths(doc).stream().filter(p -> get(doc, p).isObject()).toList();
      List<Object> at = objects.get(random.nextInt(objects.size()));
      List<Map.Entry<String, JsonNode>> absent = nav.properties(nav.at(at)).entrySet().stream()
          .filter(e -> !get(doc, at).has(e.getKey())).toList();
      if (absent.isEmpty()) {
        continue;
      }
      Map.Entry<String, JsonNode> p = absent.get(random.nextInt(absent.size()));
      List<Object> key = append(at, p.getKey());
      JsonNode v = valueFor(key, p.getValue(), names(doc));
      set(doc, key, v);
      how.append(", ").append(show(key)).append(" = ").append(v);
    }
    JsonNode result = doc;
    if (random.nextInt(3) == 0) {
      List<List<Object>> all = paths(doc);
      List<Object> at = all.get(random.nextInt(all.size()));
      List<JsonNode> c = candidates(at, get(doc, at), names(doc));
      if (!at.isEmpty() && !c.isEmpty()) {
        JsonNode v = c.get(random.nextInt(c.size()));
        result = replaced(doc, at, v);
        how.append("; then ").append(show(at)).append(" = ").append(v);
      }
    }
    return new Document(how.toString(), result);
  }

  private List<JsonNode> candidates(List<Object> path, JsonNode current, List<String> names) {
    JsonNode schema = nav.at(path);
    List<JsonNode> c = new ArrayList<>(nav.values(schema));
    String kind = nav.definition(schema);
    if ("targetName".equals(kind)) {
      names.forEach(n -> c.add(F.textNode(n)));
    }
    c.addAll(TrickyValues.strings(kind));
    c.addAll(TrickyValues.strings(poolName(path)));
    String type = nav.resolve(schema).path("type").asText();
    if (type.equals("integer") || current.isNumber() || nav.resolve(schema).has("anyOf")) {
      c.addAll(TrickyValues.numbers());
    }
    c.addAll(TrickyValues.otherTypes(current));
    return c;
  }

  /** Pools named by property rather than definition: table.name, users, interface, host. */
  private static String poolName(List<Object> path) {
    List<String> keys = path.stream().filter(String.class::isInstance).map(String.class::cast).toList();
    if (keys.isEmpty()) {
      return "";
    }
    String last = keys.get(keys.size() - 1);
    if (last.equals("name") && keys.size() > 1 && keys.get(keys.size() - 2).equals("table")) {
      return "table.name";
    }
    return switch (last) {
      case "preread-buffer", "cache" -> "size";
      case "server-alive-interval" -> "duration";
      case "paths" -> "hostPath";
      default -> last;
    };
  }

  /** A value for a property being added: one the schema offers, a name from the document, or a small instance. */
  private JsonNode valueFor(List<Object> path, JsonNode schema, List<String> names) {
    if ("targetName".equals(nav.definition(schema)) && !names.isEmpty()) {
      return F.textNode(names.get(random.nextInt(names.size())));
    }
    List<JsonNode> offered = nav.values(schema);
    if (!offered.isEmpty()) {
      return offered.get(random.nextInt(offered.size())).deepCopy();
    }
    return instance(schema, names, 0);
  }

  /** The smallest value of {@code schema}: its required keys, an item, a pool string. */
  private JsonNode instance(JsonNode schema, List<String> names, int depth) {
    List<JsonNode> offered = nav.values(schema);
    if (!offered.isEmpty()) {
      return offered.get(random.nextInt(offered.size())).deepCopy();
    }
    if ("targetName".equals(nav.definition(schema)) && !names.isEmpty()) {
      return F.textNode(names.get(random.nextInt(names.size())));
    }
    JsonNode s = nav.resolve(schema);
    String type = s.path("type").asText();
    if (type.equals("object") && depth < 4) {
      ObjectNode o = F.objectNode();
      Map<String, JsonNode> props = nav.properties(s);
      for (JsonNode r : s.path("required")) {
        o.set(r.asText(), instance(props.getOrDefault(r.asText(), SchemaNavigator.missing()), names, depth + 1));
      }
      if (o.isEmpty() && !props.isEmpty()) {
        List<String> keys = new ArrayList<>(props.keySet());
        String k = keys.get(random.nextInt(keys.size()));
        o.set(k, instance(props.get(k), names, depth + 1));
      }
      return o;
    }
    if (type.equals("array")) {
      ArrayNode a = F.arrayNode();
      a.add(instance(s.path("items"), names, depth + 1));
      return a;
    }
    if (type.equals("integer")) {
      return F.numberNode(java.math.BigInteger.ONE);
    }
    if (type.equals("boolean")) {
      return F.booleanNode(random.nextBoolean());
    }
    List<JsonNode> pool = TrickyValues.strings(nav.definition(schema));
    return pool.isEmpty() ? F.textNode("x") : pool.get(0);
  }

  private <T> List<T> sample(List<T> all, int n) {
    List<T> copy = new ArrayList<>(new LinkedHashSet<>(all));
    Collections.shuffle(copy, random);
    return copy.subList(0, Math.min(n, copy.size()));
  }

  /** Names of services and backends, for targets. */
  static List<String> names(JsonNode doc) {
    Set<String> out = new LinkedHashSet<>();
    for (String list : List.of("services", "backends")) {
      doc.path(list).forEach(e -> {
        if (e.path("name").isTextual()) {
          out.add(e.path("name").textValue());
        }
      });
    }
    return new ArrayList<>(out);
  }

  /** Every path in the document, the root first. */
  static List<List<Object>> paths(JsonNode doc) {
    List<List<Object>> out = new ArrayList<>();
    collect(doc, new ArrayList<>(), out);
    return out;
  }

  private static void collect(JsonNode n, List<Object> path, List<List<Object>> out) {
    out.add(List.copyOf(path));
    if (n.isObject()) {
      n.fieldNames().forEachRemaining(k -> {
        path.add(k);
        collect(n.get(k), path, out);
        path.remove(path.size() - 1);
      });
    } else if (n.isArray()) {
      for (int i = 0; i < n.size(); i++) {
        path.add(i);
        collect(n.get(i), path, out);
        path.remove(path.size() - 1);
      }
    }
  }

  static JsonNode get(JsonNode doc, List<Object> path) {
    JsonNode n = doc;
    for (Object step : path) {
      n = step instanceof String k ? n.path(k) : n.path((Integer) step);
    }
    return n;
  }

  private static JsonNode replaced(JsonNode base, List<Object> path, JsonNode value) {
    JsonNode copy = base.deepCopy();
    if (path.isEmpty()) {
      return value.deepCopy();
    }
    set(copy, path, value.deepCopy());
    return copy;
  }

  private static void set(JsonNode doc, List<Object> path, JsonNode value) {
    JsonNode parent = get(doc, path.subList(0, path.size() - 1));
    Object last = path.get(path.size() - 1);
    if (parent instanceof ObjectNode o) {
      o.set((String) last, value);
    } else if (parent instanceof ArrayNode a) {
      a.set((Integer) last, value);
    }
  }

  private static JsonNode removed(JsonNode base, List<Object> path) {
    JsonNode copy = base.deepCopy();
    JsonNode parent = get(copy, path.subList(0, path.size() - 1));
    Object last = path.get(path.size() - 1);
    if (parent instanceof ObjectNode o) {
      o.remove((String) last);
    } else if (parent instanceof ArrayNode a) {
      a.remove((Integer) last);
    }
    return copy;
  }

  private static List<Object> append(List<Object> path, Object step) {
    List<Object> p = new ArrayList<>(path);
    p.add(step);
    return p;
  }

  static String show(List<Object> path) {
    StringBuilder sb = new StringBuilder();
    for (Object step : path) {
      if (step instanceof Integer i) {
        sb.append('[').append(i).append(']');
      } else {
        sb.append(sb.length() > 0 ? "." : "").append(step);
      }
    }
    return sb.length() == 0 ? "(root)" : sb.toString();
  }
}
