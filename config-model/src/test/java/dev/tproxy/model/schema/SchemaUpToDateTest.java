package dev.tproxy.model.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The schema's generated parts are what the model's tables say, and the file is in its layout.
 * After changing EngineCapabilities, CipherSuites or the layout, rewrite it with
 * {@code ./mvnw -pl config-model test -Dtest=SchemaUpToDateTest -Dtproxy.schema.update=true}.
 */
class SchemaUpToDateTest {

  @Test
  void generatedPartsMatchTheModel() throws IOException {
    ObjectNode schema = (ObjectNode) new ObjectMapper().readTree(Files.readString(SchemaFile.SOURCE, StandardCharsets.UTF_8));
    Map<String, JsonNode> parts = GeneratedSchemaParts.all();
    if (SchemaFile.UPDATE) {
      ObjectNode defs = (ObjectNode) schema.get("$defs");
      parts.forEach(defs::set);
      Files.writeString(SchemaFile.SOURCE, SchemaJson.write(schema), StandardCharsets.UTF_8);
      return;
    }
    parts.forEach((name, expected) -> assertThat(schema.get("$defs").get(name))
        .as("$defs/%s is generated: run this test with -Dtproxy.schema.update=true", name)
        .isEqualTo(expected));
  }

  @Test
  void theFileIsInItsLayout() throws IOException {
    String text = Files.readString(SchemaFile.SOURCE, StandardCharsets.UTF_8);
    String laidOut = SchemaJson.write(new ObjectMapper().readTree(text));
    if (SchemaFile.UPDATE) {
      Files.writeString(SchemaFile.SOURCE, laidOut, StandardCharsets.UTF_8);
      return;
    }
    assertThat(text).as("reformat with -Dtproxy.schema.update=true").isEqualTo(laidOut);
  }
}
