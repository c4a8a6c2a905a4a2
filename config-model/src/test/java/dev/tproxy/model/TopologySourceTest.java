package dev.tproxy.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TopologySourceTest {
  @TempDir Path dir;

  @Test
  void locatesAFieldAsTheLoaderDoes() throws Exception {
    Path file = dir.resolve("t.yaml");
    Files.writeString(file, """
        name: t
        services:
          - name: a
            tls-terminate:
              certificates:
                - certificate: a.pem
                  key: a.key
        """);
    TopologySource source = TopologySource.read(file).orElseThrow();
    assertThat(source.locate("services[0].tls-terminate.certificates[0].key"))
        .isEqualTo(new SourceLocation(file.toString(), 7, 11));
    // A field that is not written: its nearest written ancestor.
    assertThat(source.locate("services[0].tls-terminate.client-auth.ca"))
        .isEqualTo(new SourceLocation(file.toString(), 4, 5));
  }

  @Test
  void aFileThatDoesNotParseHasNoSource() throws Exception {
    Path file = dir.resolve("t.json");
    Files.writeString(file, "{\"name\": ");
    assertThat(TopologySource.read(file)).isEmpty();
    assertThat(TopologySource.read(dir.resolve("none.yaml"))).isEmpty();
  }
}
