package dev.tproxy.generate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tproxy.generate.diagram.MermaidRenderer;
import dev.tproxy.generate.diagram.TopologyGraphs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Mermaid diagrams in the documentation are the ones the code draws now, so they cannot
 * drift from the examples. A diagram sits between a begin marker naming its topology file and
 * an end marker; {@code -Dtproxy.golden.update=true} redraws them all (review the diff).
 */
class DocumentedDiagramsTest {
  private static final Logger LOG = LoggerFactory.getLogger(DocumentedDiagramsTest.class);
  private static final Path ROOT = Examples.DIRECTORY.getParent();
  private static final Pattern BLOCK = Pattern.compile(
      "(<!-- tproxy diagram of (\\S+): drawn by the code, DocumentedDiagramsTest checks it -->\n)(.*?)"
          + "(<!-- end of the tproxy diagram -->)", Pattern.DOTALL);
  private static final boolean UPDATE = Boolean.getBoolean("tproxy.golden.update");

  /** Markdown files that may hold diagrams. */
  static List<Path> documents() throws IOException {
    List<Path> docs = new ArrayList<>();
    docs.add(ROOT.resolve("README.md"));
    try (Stream<Path> s = Files.list(ROOT.resolve("docs"))) {
      s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
    }
    for (String example : DiagramSvgIT.exampleNames()) {
      docs.add(Examples.DIRECTORY.resolve(example).resolve("README.md"));
    }
    return docs;
  }

  static String block(String topologyFile) throws IOException {
    String yaml = Files.readString(ROOT.resolve(topologyFile));
    String name = ROOT.resolve(topologyFile).getParent().getFileName().toString();
    String mermaid = MermaidRenderer.render(TopologyGraphs.of(Examples.loadYaml(yaml, Examples.FIXED_BASE.resolve(name))));
    return "```mermaid\n" + mermaid + "```\n";
  }

  @Test
  void everyExampleHasItsDiagramInItsReadme() throws IOException {
    for (String example : DiagramSvgIT.exampleNames()) {
      Path readme = Examples.DIRECTORY.resolve(example).resolve("README.md");
      assertThat(readme).exists();
      assertThat(Files.readString(readme)).contains("tproxy diagram of examples/" + example + "/tproxy.yaml:");
    }
  }

  @Test
  void theTopologyFormatAndTheReadmeShowTheQuickstart() throws IOException {
    for (Path doc : List.of(ROOT.resolve("README.md"), ROOT.resolve("docs/topology-format.md"))) {
      assertThat(Files.readString(doc)).as(doc.toString()).contains("tproxy diagram of examples/quickstart/tproxy.yaml:");
    }
  }

  @TestFactory
  Stream<DynamicTest> diagramsAreTheOnesTheCodeDraws() throws IOException {
    return documents().stream().filter(Files::isRegularFile)
        .map(doc -> DynamicTest.dynamicTest(ROOT.relativize(doc).toString(), () -> check(doc)));
  }

  private static void check(Path doc) throws IOException {
    String text = Files.readString(doc);
    Matcher m = BLOCK.matcher(text);
    StringBuilder redrawn = new StringBuilder();
    while (m.find()) {
      String wanted = block(m.group(2));
      if (!UPDATE) {
        assertThat(m.group(3)).as("the diagram of %s in %s (redraw: -Dtproxy.golden.update=true)", m.group(2), doc)
            .isEqualTo(wanted);
      }
      m.appendReplacement(redrawn, Matcher.quoteReplacement(m.group(1) + wanted + m.group(4)));
    }
    m.appendTail(redrawn);
    if (UPDATE && !redrawn.toString().equals(text)) {
      Files.writeString(doc, redrawn.toString());
      LOG.warn("redrew the diagrams in {}", doc);
    }
  }
}
