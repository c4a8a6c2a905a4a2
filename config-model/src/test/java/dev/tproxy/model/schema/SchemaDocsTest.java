package dev.tproxy.model.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * docs/topology-format.md's key tables are the schema's descriptions, and its list of what only
 * the loader checks is the agreement test's. After changing the schema, rewrite them with
 * {@code ./mvnw -pl config-model test -Dtest=SchemaDocsTest -Dtproxy.schema.update=true}.
 */
class SchemaDocsTest {
  private static final Path DOC = Path.of("..", "docs", "topology-format.md").toAbsolutePath().normalize();

  @Test
  void theDocsTablesAreTheSchemas() throws IOException {
    String doc = Files.readString(DOC, StandardCharsets.UTF_8);
    String regenerated = SchemaDocs.regenerate(doc, SchemaFile.tree());
    if (SchemaFile.UPDATE) {
      Files.writeString(DOC, regenerated, StandardCharsets.UTF_8);
      return;
    }
    assertThat(doc).as("regenerate with -Dtproxy.schema.update=true").isEqualTo(regenerated);
  }

  /** Every object of the file format has its table, so no key goes undocumented. */
  @Test
  void everyObjectOfTheFormatHasATable() throws IOException {
    String doc = Files.readString(DOC, StandardCharsets.UTF_8);
    var objects = new java.util.ArrayList<String>();
    objects.add("#");
    SchemaFile.tree().get("$defs").fields().forEachRemaining(e -> {
      if (e.getValue().has("properties")) {
        objects.add(e.getKey());
      }
    });
    objects.add("loader-only");
    assertThat(SchemaDocs.parts(doc)).containsExactlyInAnyOrderElementsOf(objects);
  }
}
