package dev.tproxy.model.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tproxy.model.TopologyLoader;
import dev.tproxy.model.TopologySchema;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The published JSON schema accepts every example and a file that uses every key the loader
 * knows; its {@code $id} is the stable address the docs point editors at.
 */
class SchemaTest {

  static Stream<Path> examples() throws IOException {
    Path examples = Path.of("..", "examples").toAbsolutePath().normalize();
    try (Stream<Path> s = Files.walk(examples)) {
      List<Path> files = s.filter(p -> p.getFileName().toString().equals("tproxy.yaml")).sorted().toList();
      assertThat(files).hasSizeGreaterThanOrEqualTo(2);
      return files.stream();
    }
  }

  @ParameterizedTest
  @MethodSource("examples")
  void everyExampleValidates(Path file) throws IOException {
    assertThat(SchemaValidator.errors(Yaml12Tree.read(Files.readString(file), false))).isEmpty();
  }

  /** The modeline points at the published schema, not at a path in a checkout. */
  @ParameterizedTest
  @MethodSource("examples")
  void everyExampleNamesThePublishedSchema(Path file) throws IOException {
    assertThat(Files.readAllLines(file).get(0)).isEqualTo("# yaml-language-server: $schema=" + TopologySchema.ID);
  }

  @Test
  void everyKeyTheLoaderKnowsIsInTheSchema() throws IOException {
    String all = new String(SchemaTest.class.getResourceAsStream("/every-key.yaml").readAllBytes(), StandardCharsets.UTF_8);
    assertThat(SchemaValidator.errors(Yaml12Tree.read(all, false))).isEmpty();
    TopologyLoader.Result r = TopologyLoader.read(all, "every-key.yaml", false, Path.of("/srv"));
    assertThat(r.diagnostics().all()).as(r.diagnostics().format()).noneMatch(d -> d.message().startsWith("unknown key"));
  }

  @Test
  void theIdIsTheOneTheDocsGive() {
    assertThat(SchemaFile.tree().get("$id").asText()).isEqualTo(TopologySchema.ID);
  }
}
