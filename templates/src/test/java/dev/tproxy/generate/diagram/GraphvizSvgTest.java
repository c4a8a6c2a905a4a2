package dev.tproxy.generate.diagram;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class GraphvizSvgTest {

  @Test
  void withoutDotTheMessageNamesTheDebianPackage() {
    assertThatThrownBy(() -> GraphvizSvg.render("digraph g {}", Optional.empty()))
        .isInstanceOf(GraphvizSvg.RenderException.class)
        .hasMessageContaining("install the Debian package graphviz");
  }
}
