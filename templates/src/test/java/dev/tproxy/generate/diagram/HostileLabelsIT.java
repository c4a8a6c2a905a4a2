package dev.tproxy.generate.diagram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.tproxy.model.Service;
import dev.tproxy.model.Topology;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Hostile names and server names, drawn by the real dot: each must stay one label, shown as
 * written (unprintable characters as {@code \}{@code uXXXX}), with no node or edge added or lost.
 */
class HostileLabelsIT {
  /** HostileCorpusIT's values (package-private there), and more that DOT, Mermaid and HTML read. */
  static final List<String> VALUES = List.of(
      "double\"quote", "single'quote", "semi;colon", "close}brace", "open{brace", "new\nline", "carriage\rreturn",
      "tab\there", "dollar$var", "${x}", "hash#tag", "per%cent", "back\\slash", "with space", " leading",
      "ünïcödé", "日本", "back`tick", "$(id)", "default", "~regex", "\u202eright-to-left", "zero\u200bwidth",
      "nul\u0000byte", "a..b", "-dash", "trailing\\", "\\N", "\\G", "\\n", "\\l", "<b>html</b>", "&amp;", "&#65;",
      "a|b", "[x]", "(y)", "\"];x->y[label=\"", "--> z", "%% comment");

  @TestFactory
  Stream<DynamicTest> everyValueStaysOneLabel() {
    if (GraphvizSvg.dot().isEmpty()) {
      fail("dot is not installed, and this test draws with it: install the Debian package graphviz"
          + " (scripts/install-debian-packages.sh installs every package the tests use)");
    }
    return VALUES.stream().map(v -> DynamicTest.dynamicTest(Unprintables.visible(v), () -> check(v)));
  }

  private static void check(String value) throws Exception {
    String service = "s-" + value;
    String backend = value;
    Topology t = Topology.builder(value)
        .backend(backend, "10.0.0.1:22")
        .service(Service.builder(service).listen("127.0.0.1:1").sniRoute(backend, r -> r.serverNames(backend, value)))
        .buildUnvalidated();
    SvgGraph svg = SvgGraph.parse(GraphvizSvg.render(DotRenderer.render(TopologyGraphs.of(t))));
    assertThat(svg.nodes()).hasSize(3);
    assertThat(svg.edges()).hasSize(3);
    String s = svg.nodeNamed(Unprintables.visible(service)).orElseThrow(() -> new AssertionError(svg.nodes()));
    String b = svg.nodeNamed(Unprintables.visible(backend)).orElseThrow(() -> new AssertionError(svg.nodes()));
    assertThat(svg.edges()).contains(
        new SvgGraph.SvgEdge(s, b, List.of(Unprintables.visible(value))),
        new SvgGraph.SvgEdge(s, b, List.of("default")));
  }
}
