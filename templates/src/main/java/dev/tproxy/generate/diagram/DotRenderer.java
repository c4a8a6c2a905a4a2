package dev.tproxy.generate.diagram;

import dev.tproxy.generate.diagram.TopologyGraph.Edge;
import dev.tproxy.generate.diagram.TopologyGraph.EdgeKind;
import dev.tproxy.generate.diagram.TopologyGraph.Node;
import java.util.ArrayList;
import java.util.List;

/**
 * Draws a {@link TopologyGraph} in Graphviz DOT. Node ids are the graph's generated ones; every
 * value from the user's file is in a quoted label, escaped by {@link #label(String)}.
 */
public final class DotRenderer {
  private DotRenderer() {}

  public static String render(TopologyGraph graph) {
    StringBuilder out = new StringBuilder();
    out.append("digraph topology {\n");
    out.append("  graph [rankdir=LR, labelloc=t, fontname=\"Helvetica\", label=\"")
        .append(label(graph.title())).append("\"];\n");
    out.append("  node [shape=box, style=rounded, fontname=\"Helvetica\", fontsize=11];\n");
    out.append("  edge [fontname=\"Helvetica\", fontsize=10];\n");
    for (Node n : graph.nodes()) {
      out.append("  ").append(n.id()).append(" [");
      switch (n.kind()) {
        case CLIENT -> out.append("shape=circle, ");
        case BACKEND -> out.append("shape=cylinder, style=\"\", ");
        case UNDEFINED -> out.append("style=dashed, color=red, ");
        case SERVICE -> { }
      }
      List<String> lines = new ArrayList<>();
      lines.add(n.name());
      lines.addAll(n.details());
      out.append("label=\"").append(String.join("\\n", lines.stream().map(DotRenderer::label).toList()))
          .append("\"];\n");
    }
    for (Edge e : graph.edges()) {
      out.append("  ").append(e.from()).append(" -> ").append(e.to()).append(" [label=\"")
          .append(label(e.condition())).append('"');
      String style = style(e);
      if (!style.isEmpty()) {
        out.append(", style=\"").append(style).append('"');
      }
      out.append("];\n");
    }
    return out.append("}\n").toString();
  }

  /** Transparent hops are bold; the ways taken when nothing matched are dashed. */
  private static String style(Edge e) {
    List<String> styles = new ArrayList<>();
    if (e.transparent()) {
      styles.add("bold");
    }
    if (e.kind() == EdgeKind.ON_TIMEOUT || e.kind() == EdgeKind.DEFAULT) {
      styles.add("dashed");
    }
    return String.join(",", styles);
  }

  /**
   * A value as the inside of a quoted DOT label that shows it as written. In a label graphviz
   * expands {@code \N}, {@code \n} and the like, and HTML entities: so a backslash is doubled,
   * {@code &} becomes {@code &amp;}, and a double quote {@code &quot;} (no {@code \"}, which a
   * preceding backslash of the value could pair with). {@code <>{}|} need nothing: labels are
   * quoted and no shape is a record. Unprintable characters are shown as {@code \}{@code uXXXX}.
   */
  public static String label(String value) {
    StringBuilder sb = new StringBuilder(value.length() + 8);
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Unprintables.isUnprintable(value, i)) {
        sb.append("\\\\").append(Unprintables.code(c));
      } else if (c == '\\') {
        sb.append("\\\\");
      } else if (c == '"') {
        sb.append("&quot;");
      } else if (c == '&') {
        sb.append("&amp;");
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}
