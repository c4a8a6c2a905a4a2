package dev.tproxy.model.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The schema is one that strict tools take without a word: valid against the 2020-12
 * meta-schema, and within ajv's strict mode (its default): no keyword ajv does not know, no union
 * types, and every keyword that applies to one type (pattern, properties, minItems...) has that
 * type declared for the same value, here or in a schema that applies to the same value (ajv reads
 * a {@code $ref}'d definition on its own). Every property has a description, for editors' hovers.
 */
class SchemaStrictnessTest {

  private static final Set<String> KEYWORDS = Set.of(
      "$schema", "$id", "$ref", "$defs", "$comment", "$anchor", "$dynamicRef", "$dynamicAnchor", "$vocabulary",
      "title", "description", "default", "examples", "deprecated", "readOnly", "writeOnly",
      "type", "enum", "const", "allOf", "anyOf", "oneOf", "not", "if", "then", "else",
      "properties", "patternProperties", "additionalProperties", "propertyNames", "required", "dependentRequired",
      "dependentSchemas", "minProperties", "maxProperties", "unevaluatedProperties",
      "items", "prefixItems", "contains", "minContains", "maxContains", "minItems", "maxItems", "uniqueItems",
      "unevaluatedItems", "pattern", "minLength", "maxLength", "format",
      "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf");

  /** Keywords that only apply to one type of value, and that type (integer counts as number). */
  private static final Map<String, String> APPLIES_TO = Map.ofEntries(
      Map.entry("properties", "object"), Map.entry("patternProperties", "object"),
      Map.entry("additionalProperties", "object"), Map.entry("propertyNames", "object"),
      Map.entry("required", "object"), Map.entry("dependentRequired", "object"),
      Map.entry("dependentSchemas", "object"), Map.entry("minProperties", "object"),
      Map.entry("maxProperties", "object"), Map.entry("unevaluatedProperties", "object"),
      Map.entry("items", "array"), Map.entry("prefixItems", "array"), Map.entry("contains", "array"),
      Map.entry("minContains", "array"), Map.entry("maxContains", "array"), Map.entry("minItems", "array"),
      Map.entry("maxItems", "array"), Map.entry("uniqueItems", "array"), Map.entry("unevaluatedItems", "array"),
      Map.entry("pattern", "string"), Map.entry("minLength", "string"), Map.entry("maxLength", "string"),
      Map.entry("format", "string"), Map.entry("minimum", "number"), Map.entry("maximum", "number"),
      Map.entry("exclusiveMinimum", "number"), Map.entry("exclusiveMaximum", "number"),
      Map.entry("multipleOf", "number"));

  /** Applicators whose subschemas apply to the same value, and so share its declared type. */
  private static final Set<String> SAME_VALUE = Set.of("allOf", "anyOf", "oneOf", "not", "if", "then", "else");

  private final JsonNode schema = SchemaFile.tree();

  @Test
  void theSchemaIsValidAgainstTheMetaSchema() {
    var meta = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
        .getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));
    assertThat(meta.validate(schema)).isEmpty();
  }

  @Test
  void ajvStrictModeHasNothingToSay() {
    List<String> problems = new ArrayList<>();
    check(schema, "#", null, problems);
    schema.get("$defs").fields().forEachRemaining(e -> check(e.getValue(), "#/$defs/" + e.getKey(), null, problems));
    assertThat(problems).isEmpty();
  }

  @Test
  void everyPropertyIsDescribed() {
    List<String> properties = new ArrayList<>();
    List<String> undescribed = new ArrayList<>();
    describedProperties(schema, "#", properties, undescribed);
    schema.get("$defs").fields().forEachRemaining(e ->
        describedProperties(e.getValue(), "#/$defs/" + e.getKey(), properties, undescribed));
    assertThat(undescribed).isEmpty();
    assertThat(properties).hasSizeGreaterThan(80);
  }

  /** @param type the type declared for this value by a schema applying to it, or null */
  private static void check(JsonNode s, String at, String type, List<String> problems) {
    if (!s.isObject()) {
      return; // true and false
    }
    JsonNode t = s.get("type");
    if (t != null && !t.isTextual()) {
      problems.add(at + ": union type " + t + " (ajv: use allowUnionTypes); write anyOf with one type each");
    }
    String here = t != null && t.isTextual() ? t.asText() : type;
    s.fieldNames().forEachRemaining(k -> {
      if (!KEYWORDS.contains(k)) {
        problems.add(at + ": unknown keyword " + k);
      }
      String applies = APPLIES_TO.get(k);
      if (applies != null && !(applies.equals(here) || applies.equals("number") && "integer".equals(here))) {
        problems.add(at + ": " + k + " without type " + applies);
      }
    });
    for (String k : SAME_VALUE) {
      JsonNode sub = s.get(k);
      if (sub != null && sub.isArray()) {
        for (int i = 0; i < sub.size(); i++) {
          check(sub.get(i), at + "/" + k + "/" + i, here, problems);
        }
      } else if (sub != null) {
        check(sub, at + "/" + k, here, problems);
      }
    }
    s.path("dependentSchemas").fields().forEachRemaining(e ->
        check(e.getValue(), at + "/dependentSchemas/" + e.getKey(), here, problems));
    for (String k : List.of("properties", "patternProperties")) {
      s.path(k).fields().forEachRemaining(e -> check(e.getValue(), at + "/" + k + "/" + e.getKey(), null, problems));
    }
    for (String k : List.of("additionalProperties", "items", "contains", "unevaluatedProperties", "unevaluatedItems")) {
      if (s.has(k)) {
        check(s.get(k), at + "/" + k, null, problems);
      }
    }
    if (s.has("propertyNames")) {
      check(s.get("propertyNames"), at + "/propertyNames", "string", problems);
    }
    if (s.has("prefixItems")) {
      problems.add(at + ": prefixItems (ajv's strictTuples wants minItems and items: false with it)");
    }
  }

  /** Properties of the document's shape: those under properties, not in conditions and applicators. */
  private static void describedProperties(JsonNode s, String at, List<String> all, List<String> undescribed) {
    s.path("properties").fields().forEachRemaining(e -> {
      String p = at + "/properties/" + e.getKey();
      all.add(p);
      if (!e.getValue().has("description")) {
        undescribed.add(p);
      }
      describedProperties(e.getValue(), p, all, undescribed);
      describedProperties(e.getValue().path("items"), p + "/items", all, undescribed);
    });
  }
}
