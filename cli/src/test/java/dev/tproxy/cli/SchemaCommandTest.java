package dev.tproxy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tproxy.model.TopologySchema;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code tproxy schema} prints the published schema, byte for byte, and nothing else. */
class SchemaCommandTest {

  @Test
  void printsTheSchema() throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = new CommandLine(new Tproxy()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
        .execute("schema");
    assertThat(exit).isZero();
    assertThat(err.toString()).isEmpty();
    assertThat(out.toString()).isEqualTo(TopologySchema.text());
    JsonNode schema = new ObjectMapper().readTree(out.toString());
    assertThat(schema.get("$id").asText()).isEqualTo(TopologySchema.ID);
  }

  @Test
  void helpSaysHowToUseIt() {
    StringWriter out = new StringWriter();
    new CommandLine(new Tproxy()).setOut(new PrintWriter(out)).execute("schema", "--help");
    assertThat(out.toString()).contains("tproxy schema > tproxy.schema.json", TopologySchema.ID);
  }
}
