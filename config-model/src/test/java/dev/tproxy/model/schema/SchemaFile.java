package dev.tproxy.model.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tproxy.model.TopologySchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** The checked-in schema: its source file, and the tree the tests validate with. */
final class SchemaFile {
  /** The source file, relative to config-model (the module tests run in). */
  static final Path SOURCE = Path.of("src/main/resources" + TopologySchema.RESOURCE).toAbsolutePath();

  /** {@code -Dtproxy.schema.update=true}: tests rewrite what they generate instead of comparing. */
  static final boolean UPDATE = Boolean.getBoolean("tproxy.schema.update");

  private SchemaFile() {}

  /** The schema on the test class path (what the jar publishes). */
  static ObjectNode tree() {
    try {
      return (ObjectNode) new ObjectMapper().readTree(TopologySchema.text());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode definition(String name) {
    return tree().get("$defs").get(name);
  }
}
