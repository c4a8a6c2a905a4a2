package dev.tproxy.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The published JSON schema (for editor completion) accepts every example and a file that uses
 * every key the loader knows, and refuses what the loader refuses structurally.
 */
class SchemaTest {

  private static JsonSchema schema() throws IOException {
    try (InputStream in = SchemaTest.class.getResourceAsStream("/dev/tproxy/model/topology.schema.json")) {
      JsonNode node = new ObjectMapper().readTree(in);
      return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(node);
    }
  }

  private static Set<ValidationMessage> validate(String yaml) throws IOException {
    return schema().validate(new YAMLMapper().readTree(yaml));
  }

  static java.util.stream.Stream<Path> examples() throws IOException {
    return ExamplesTest.examples();
  }

  @ParameterizedTest
  @MethodSource("examples")
  void everyExampleValidates(Path file) throws IOException {
    assertThat(validate(Files.readString(file))).isEmpty();
  }

  @Test
  void everyKeyTheLoaderKnowsIsInTheSchema() throws IOException {
    String all = new String(SchemaTest.class.getResourceAsStream("/every-key.yaml").readAllBytes(),
        java.nio.charset.StandardCharsets.UTF_8);
    assertThat(validate(all)).isEmpty();
    TopologyLoader.Result r = TopologyLoader.read(all, "every-key.yaml", false, Path.of("/srv"));
    assertThat(r.diagnostics().all()).as(r.diagnostics().format())
        .noneMatch(d -> d.message().startsWith("unknown key"));
  }

  @Test
  void schemaRefusesUnknownKeysAndSecondStages() throws IOException {
    assertThat(validate("""
        name: x
        services:
          - name: a
            listen: ["127.0.0.1:1"]
            forward: {target: b}
            colour: red
        """)).isNotEmpty();
    assertThat(validate("""
        name: x
        services:
          - name: a
            listen: ["127.0.0.1:1"]
            forward: {target: b}
            sni-route: {default: b}
        """)).isNotEmpty();
  }
}
