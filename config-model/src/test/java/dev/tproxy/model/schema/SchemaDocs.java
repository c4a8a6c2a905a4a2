package dev.tproxy.model.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The key tables of docs/topology-format.md, written from the schema's descriptions so that each
 * key is described once (the schema is what editors show on hover), and the list of rules only
 * the loader checks, written from {@link CannotBeStated}. The document marks each generated part:
 * {@code <!-- schema: service -->} ... {@code <!-- end -->}; the text between is replaced.
 */
final class SchemaDocs {
  private static final Pattern PART = Pattern.compile("(<!-- schema: ([A-Za-z#-]+) -->\n)(.*?)(<!-- end -->)", Pattern.DOTALL);

  private SchemaDocs() {}

  /** The document with every marked part rewritten. */
  static String regenerate(String doc, JsonNode schema) {
    Matcher m = PART.matcher(doc);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String part = m.group(2);
      String body = part.equals("loader-only") ? loaderOnly()
          : table(part.equals("#") ? schema : schema.get("$defs").get(part), new SchemaNavigator(schema));
      m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + body + m.group(4)));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** The parts a document marks, for checking that it marks them all. */
  static List<String> parts(String doc) {
    List<String> out = new ArrayList<>();
    Matcher m = PART.matcher(doc);
    while (m.find()) {
      out.add(m.group(2));
    }
    return out;
  }

  private static String table(JsonNode def, SchemaNavigator nav) {
    List<String> required = new ArrayList<>();
    def.path("required").forEach(r -> required.add(r.asText()));
    List<String> oneOf = new ArrayList<>();
    def.path("oneOf").forEach(b -> b.path("required").forEach(r -> oneOf.add(r.asText())));
    StringBuilder sb = new StringBuilder("| key | | meaning |\n|---|---|---|\n");
    Iterator<Map.Entry<String, JsonNode>> it = def.path("properties").fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getKey().equals("$schema")) {
        continue; // for editors only
      }
      JsonNode p = e.getValue();
      String status = required.contains(e.getKey()) ? "required"
          : oneOf.contains(e.getKey()) ? "one of " + String.join(", ", oneOf.stream().map(k -> "`" + k + "`").toList())
          : p.has("default") ? "default `" + scalar(p.get("default")) + "`"
          : "";
      sb.append("| `").append(e.getKey()).append("` | ").append(status).append(" | ")
          .append(p.path("description").asText().replace("|", "\\|")).append(" |\n");
    }
    return sb.toString();
  }

  private static String scalar(JsonNode v) {
    if (v.isArray()) {
      List<String> items = new ArrayList<>();
      v.forEach(i -> items.add(i.asText()));
      return "[" + String.join(", ", items) + "]";
    }
    return v.asText();
  }

  private static String loaderOnly() {
    StringBuilder sb = new StringBuilder();
    for (CannotBeStated k : CannotBeStated.values()) {
      sb.append("- **").append(k.label()).append("**: ").append(k.why()).append(".\n");
    }
    return sb.toString();
  }
}
