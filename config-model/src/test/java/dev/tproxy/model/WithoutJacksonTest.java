package dev.tproxy.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Jackson and SnakeYAML are optional: the builder works without them, the loader names the jar. */
class WithoutJacksonTest {

  static WithoutJackson isolated;

  @BeforeAll
  static void isolate() {
    isolated = new WithoutJackson();
  }

  @AfterAll
  static void close() throws Exception {
    isolated.close();
  }

  @Test
  void theIsolatedModelHasNoJackson() {
    assertThat(isolated.seesJackson()).isFalse();
  }

  @Test
  void theBuilderNeedsNoJackson() throws Exception {
    assertThat(isolated.run(WithoutJackson.BuildsATopology.class)).isEqualTo("front");
  }

  @Test
  void theLoaderNamesTheFileAndTheJarToAdd() {
    assertThatThrownBy(() -> isolated.run(WithoutJackson.LoadsYaml.class))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageMatching("cannot read tproxy\\.yaml: reading a topology file needs com\\.fasterxml\\.jackson\\.core:"
            + "jackson-core, which is not on the class path; add com\\.fasterxml\\.jackson\\.dataformat:"
            + "jackson-dataformat-yaml:\\d+\\.\\d+\\.\\d+ \\(it brings jackson-core and org\\.yaml:snakeyaml\\)\\."
            + " Topology\\.builder\\(\\.\\.\\.\\) needs neither\\.");
  }

  @Test
  void withJacksonTheSameTextLoads() {
    assertThat(TopologyLoader.read("name: t\n", "tproxy.yaml", false, null).diagnostics().errors())
        .noneMatch(d -> d.message().contains("class path"));
  }
}
