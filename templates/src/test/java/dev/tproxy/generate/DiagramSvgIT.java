package dev.tproxy.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.tproxy.generate.diagram.DiagramFormat;
import dev.tproxy.generate.diagram.GraphvizSvg;
import dev.tproxy.generate.diagram.SvgGraph;
import dev.tproxy.model.Backend;
import dev.tproxy.model.Service;
import dev.tproxy.model.Target;
import dev.tproxy.model.Topology;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The diagram of every example, drawn by the real dot: the SVG shows each service and backend of
 * the model by name, and an arrow for each of a service's routes, read from the model (not from
 * the graph the diagram was drawn from).
 */
class DiagramSvgIT {

  static List<String> exampleNames() throws IOException {
    try (Stream<Path> dirs = Files.list(Examples.DIRECTORY)) {
      return dirs.filter(d -> Files.isRegularFile(d.resolve("tproxy.yaml"))).map(d -> d.getFileName().toString())
          .sorted().toList();
    }
  }

  @Test
  void everyExampleIsDrawn() throws IOException {
    assertThat(exampleNames()).contains(Examples.QUICKSTART, Examples.PROXYTUNNEL_ENDPOINT, Examples.RUNTIME_SERVICE);
  }

  @TestFactory
  Stream<DynamicTest> svgShowsTheModel() throws IOException {
    if (GraphvizSvg.dot().isEmpty()) {
      fail("dot is not installed, and this test draws with it: install the Debian package graphviz"
          + " (scripts/install-debian-packages.sh installs every package the tests use)");
    }
    return exampleNames().stream().map(name -> DynamicTest.dynamicTest(name, () -> check(Examples.load(name))));
  }

  private static void check(Topology topology) throws Exception {
    SvgGraph svg = SvgGraph.parse(DiagramFormat.SVG.render(topology));
    assertThat(svg.nodes()).hasSize(1 + topology.services().size() + topology.backends().size());
    for (Backend b : topology.backends()) {
      String id = node(svg, b.name());
      assertThat(svg.nodes().get(id)).as(b.name()).contains(b.address().toString());
    }
    for (Service s : topology.services()) {
      String from = node(svg, s.name());
      assertThat(svg.nodes().get(from)).as(s.name()).contains(s.engine().toString() + ", " + s.stage().kind().id());
      for (Target t : s.stage().targets()) {
        String to = node(svg, t.name());
        assertThat(svg.edges()).as("a route from %s to %s", s.name(), t.name())
            .anyMatch(e -> e.from().equals(from) && e.to().equals(to) && !e.text().isEmpty());
      }
      long routes = s.stage().targets().size();
      assertThat(svg.edges().stream().filter(e -> e.from().equals(from)).count()).as(s.name())
          .isBetween(routes, routes + 1);
      if (topology.upstreamOf(s).isEmpty()) {
        assertThat(svg.edges()).as("the client's way into %s", s.name())
            .anyMatch(e -> e.from().equals("client") && e.to().equals(from)
                && e.text().equals(List.of(s.listen().get(0).toString())));
      }
    }
  }

  private static String node(SvgGraph svg, String name) {
    return svg.nodeNamed(name).orElseThrow(() -> new AssertionError("no node shows " + name + ": " + svg.nodes()));
  }
}
