package dev.tproxy.generate.diagram;

import dev.tproxy.model.Topology;
import java.util.Locale;
import java.util.Optional;

/** The forms a topology diagram comes in, with the file extension of each. */
public enum DiagramFormat {
  DOT("dot"),
  MERMAID("mmd"),
  /** DOT rendered by Graphviz's dot, which must be installed. */
  SVG("svg");

  private final String extension;

  DiagramFormat(String extension) {
    this.extension = extension;
  }

  public String extension() {
    return extension;
  }

  /** The name front ends accept: {@code dot}, {@code mermaid}, {@code svg}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The format named {@code id} ({@link #id()}), in any case. */
  public static Optional<DiagramFormat> fromId(String id) {
    for (DiagramFormat f : values()) {
      if (f.id().equalsIgnoreCase(id)) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }

  /** The diagram of {@code topology} in this form. */
  public String render(Topology topology) throws GraphvizSvg.RenderException {
    TopologyGraph graph = TopologyGraphs.of(topology);
    return switch (this) {
      case DOT -> DotRenderer.render(graph);
      case MERMAID -> MermaidRenderer.render(graph);
      case SVG -> GraphvizSvg.render(DotRenderer.render(graph));
    };
  }
}
