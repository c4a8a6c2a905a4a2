package dev.tproxy.model.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.regex.RegularExpression;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Validates against the published schema as editors and ajv do. networknt's validator runs the
 * schema's ECMA-262 patterns on java.util.regex, which differs in one place the schema relies on:
 * ECMA's {@code $} is the end of the text, Java's also matches before a final line break, so
 * "sshd\n" would pass {@code ^[a-z]+$}. Patterns here get Java's {@code \z} for every {@code $}
 * outside a character class; every other construct the schema uses reads the same in both.
 */
final class SchemaValidator {
  private static final JsonSchema SCHEMA = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
      .getSchema(SchemaFile.tree(), SchemaValidatorsConfig.builder()
          .regularExpressionFactory(SchemaValidator::ecmaPattern)
          // JSON Schema's integer is any number without a fraction: 2.0 is one.
          .losslessNarrowing(true)
          .build());

  private SchemaValidator() {}

  /** Where the schema finds {@code document} wrong, in the loader's spelling: services[0].listen[1]. */
  static List<String> errorPaths(JsonNode document) {
    return SCHEMA.validate(document).stream().map(m -> loaderPath(m.getInstanceLocation().toString())).sorted().toList();
  }

  /** {@code /services/0/listen} (or {@code $.services[0].listen}) as {@code services[0].listen}. */
  static String loaderPath(String location) {
    String p = location.startsWith("$") ? location.substring(1) : location;
    p = p.replaceAll("/([0-9]+)(?=/|$)", "[$1]").replace('/', '.').replaceAll("^\\.", "");
    p = p.replaceAll("\\['([^']*)'\\]", ".$1");
    return p.startsWith(".") ? p.substring(1) : p;
  }

  /** The schema's complaints about {@code document}; empty when it is valid. */
  static List<String> errors(JsonNode document) {
    return SCHEMA.validate(document).stream().map(ValidationMessage::getMessage).sorted().toList();
  }

  private static RegularExpression ecmaPattern(String ecma) {
    Pattern p = Pattern.compile(javaEquivalent(ecma));
    return value -> p.matcher(value).find();
  }

  /** {@code $} outside brackets becomes {@code \z}; escapes and classes are copied as they are. */
  static String javaEquivalent(String ecma) {
    StringBuilder sb = new StringBuilder();
    boolean inClass = false;
    for (int i = 0; i < ecma.length(); i++) {
      char c = ecma.charAt(i);
      if (c == '\\' && i + 1 < ecma.length()) {
        sb.append(c).append(ecma.charAt(++i));
      } else if (c == '[' && !inClass) {
        inClass = true;
        sb.append(c);
      } else if (c == ']' && inClass) {
        inClass = false;
        sb.append(c);
      } else if (c == '$' && !inClass) {
        sb.append("\\z");
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}
