package dev.tproxy.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tproxy.generate.diagram.DiagramFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiagramTaskTest {
  private static final Path QUICKSTART = Path.of("..", "examples", "quickstart", "tproxy.yaml");

  @TempDir Path dir;

  @Test
  void writesTheDiagramCreatingItsDirectory() throws Exception {
    Path out = dir.resolve("target/tproxy").resolve(DiagramTask.defaultFileName(DiagramFormat.DOT));
    RecordingReporter reporter = new RecordingReporter();
    String dot = DiagramTask.run(new DiagramTask.Parameters(QUICKSTART, "<topology>", DiagramFormat.DOT, "<format>", out),
        reporter);
    assertThat(out).hasFileName("diagram.dot").content().isEqualTo(dot).startsWith("digraph topology {");
    assertThat(reporter.lines).containsExactly("INFO tproxy: drew topology \"quickstart\" (dot) to " + out);
  }

  @Test
  void withoutAnOutputOnlyReturnsIt() throws Exception {
    RecordingReporter reporter = new RecordingReporter();
    String mermaid = DiagramTask.run(
        new DiagramTask.Parameters(QUICKSTART, "<topology>", DiagramFormat.MERMAID, "<format>", null), reporter);
    assertThat(mermaid).startsWith("flowchart LR\n").contains("s2 -->|\"demo.test\"| s3");
    assertThat(reporter.lines).isEmpty();
    try (var files = Files.list(dir)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void aFormatIsReadInAnyCaseAndAWrongOneNamesTheSetting() throws Exception {
    assertThat(DiagramTask.format("SVG", "--format")).isEqualTo(DiagramFormat.SVG);
    assertThat(DiagramTask.format("mermaid", "--format")).isEqualTo(DiagramFormat.MERMAID);
    assertThatThrownBy(() -> DiagramTask.format("png", "<format> (-Dtproxy.diagram.format)"))
        .isInstanceOf(TaskException.class)
        .hasMessage("<format> (-Dtproxy.diagram.format): \"png\" is not a diagram format; write dot, mermaid or svg");
  }
}
