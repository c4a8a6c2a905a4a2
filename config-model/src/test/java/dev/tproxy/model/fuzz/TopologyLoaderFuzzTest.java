package dev.tproxy.model.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tproxy.model.Diagnostic;
import dev.tproxy.model.TopologyLoader;
import java.nio.file.Path;

/**
 * Coverage-guided fuzzing of the topology loader, YAML and JSON: whatever the text, it answers
 * with a topology or with diagnostics, never with an exception, and every error it reports
 * points at a place in the file (file:line:col), as a user needs to fix it.
 */
class TopologyLoaderFuzzTest {

  @FuzzTest(maxDuration = "20s")
  void anyText(FuzzedDataProvider data) {
    boolean json = data.consumeBoolean();
    String text = data.consumeRemainingAsString();
    TopologyLoader.Result r = TopologyLoader.read(text, "fuzz.yaml", json, Path.of("/srv/tproxy"));
    for (Diagnostic d : r.diagnostics().all()) {
      assertThat(d.location()).as("where %s is", d.format()).isPresent();
    }
    if (!r.diagnostics().hasErrors()) {
      assertThat(r.topology()).isNotNull();
    }
  }
}
