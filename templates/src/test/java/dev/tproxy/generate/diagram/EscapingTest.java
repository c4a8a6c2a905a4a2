package dev.tproxy.generate.diagram;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tproxy.model.Service;
import dev.tproxy.model.Topology;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Values from the user's file stay inside their label, in both syntaxes. */
class EscapingTest {
  /** Every character that means something to DOT, Mermaid, HTML or a line. */
  static final String HOSTILE = "a\"b\\c\nd{e}f|g<h>i&amp;j#k;l[m](n)`o%p\u202eq\u200br\\";

  @Test
  void dotLabelKeepsQuotesBackslashesEntitiesAndLinesInert() {
    assertThat(DotRenderer.label(HOSTILE))
        .isEqualTo("a&quot;b\\\\c\\\\u000ad{e}f|g<h>i&amp;amp;j#k;l[m](n)`o%p\\\\u202eq\\\\u200br\\\\");
  }

  @Test
  void dotLabelEndingInABackslashDoesNotEscapeTheClosingQuote() {
    assertThat(DotRenderer.label("x\\")).isEqualTo("x\\\\");
  }

  @Test
  void mermaidLabelKeepsEverySyntaxCharacterInert() {
    assertThat(MermaidRenderer.label(HOSTILE)).isEqualTo(
        "a#34;b#92;c#92;u000ad#123;e#125;f#124;g#60;h#62;i#38;amp#59;j#35;k#59;l#91;m#93;#40;n#41;#96;o#37;p"
            + "#92;u202eq#92;u200br#92;");
  }

  @Test
  void loneSurrogatesAreShownAsCodes() {
    assertThat(MermaidRenderer.label("x\ud800y")).isEqualTo("x#92;ud800y");
    assertThat(DotRenderer.label("\udc00")).isEqualTo("\\\\udc00");
    assertThat(MermaidRenderer.label("日本\ud83d\ude00")).isEqualTo("日本\ud83d\ude00");
  }

  @Test
  void aHostileTopologyGivesOneLinePerNodeAndEdge() {
    Topology t = Topology.builder(HOSTILE)
        .backend("b" + HOSTILE, "10.0.0.1:22")
        .service(Service.builder(HOSTILE).listen("127.0.0.1:1").sniRoute("b" + HOSTILE,
            r -> r.serverNames("b" + HOSTILE, HOSTILE)))
        .buildUnvalidated();
    TopologyGraph graph = TopologyGraphs.of(t);
    // client, service, backend; entry, sni rule, default
    List<String> mermaid = MermaidRenderer.render(graph).lines().toList();
    assertThat(mermaid).hasSize(1 + 3 + 3);
    List<String> dot = DotRenderer.render(graph).lines().toList();
    assertThat(dot).hasSize(4 + 3 + 3 + 1);
    // No value ends a quoted string early: every line has its quotes in pairs.
    assertThat(dot).allSatisfy(line -> assertThat(line.chars().filter(c -> c == '"').count() % 2).isZero());
    assertThat(mermaid).allSatisfy(line -> assertThat(line.chars().filter(c -> c == '"').count() % 2).isZero());
  }
}
