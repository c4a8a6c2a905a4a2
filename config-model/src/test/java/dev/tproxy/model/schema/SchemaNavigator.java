package dev.tproxy.model.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds the schema of a value in a topology document by its path (keys and indexes), following
 * {@code properties}, {@code items} and local {@code $ref}s: enough for this schema's layout.
 */
final class SchemaNavigator {
  private final JsonNode root;

  SchemaNavigator(JsonNode root) {
    this.root = root;
  }

  /** The schema written for the value at {@code path}, or a missing node. */
  JsonNode at(List<Object> path) {
    JsonNode s = root;
    for (Object step : path) {
      JsonNode r = resolve(s);
      s = step instanceof String key ? r.path("properties").path(key) : r.path("items");
      if (s.isMissingNode()) {
        return s;
      }
    }
    return s;
  }

  /** Follows {@code $ref} to the definition. */
  JsonNode resolve(JsonNode s) {
    JsonNode r = s;
    while (r.has("$ref")) {
      r = root.at(r.get("$ref").asText().substring(1));
    }
    return r;
  }

  /** The properties an object schema names, in order. */
  Map<String, JsonNode> properties(JsonNode s) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    resolve(s).path("properties").fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }

  /** The definition a schema refers to, directly or as its first {@code allOf}, else null. */
  String definition(JsonNode s) {
    if (s.has("$ref")) {
      String ref = s.get("$ref").asText();
      return ref.substring(ref.lastIndexOf('/') + 1);
    }
    for (JsonNode part : s.path("allOf")) {
      if (part.has("$ref")) {
        return definition(part);
      }
    }
    return null;
  }

  /** Values the schema itself offers: examples, default, enum, const (here and where it refers). */
  List<JsonNode> values(JsonNode s) {
    List<JsonNode> out = new ArrayList<>();
    collect(s, out, 0);
    return out;
  }

  private void collect(JsonNode s, List<JsonNode> out, int depth) {
    if (s == null || s.isMissingNode() || depth > 4) {
      return;
    }
    s.path("examples").forEach(out::add);
    if (s.has("default")) {
      out.add(s.get("default"));
    }
    s.path("enum").forEach(out::add);
    if (s.has("const")) {
      out.add(s.get("const"));
    }
    if (s.has("$ref")) {
      collect(resolve(s), out, depth + 1);
    }
    for (JsonNode part : s.path("allOf")) {
      collect(part, out, depth + 1);
    }
  }

  static JsonNode missing() {
    return MissingNode.getInstance();
  }
}
