package dev.tproxy.generate.diagram;

import dev.tproxy.generate.diagram.TopologyGraph.Edge;
import dev.tproxy.generate.diagram.TopologyGraph.EdgeKind;
import dev.tproxy.generate.diagram.TopologyGraph.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Draws a {@link TopologyGraph} as a Mermaid flowchart, which GitHub renders in markdown. Node ids
 * are the graph's generated ones; every value from the user's file is in a quoted label, escaped
 * by {@link #label(String)}.
 */
public final class MermaidRenderer {
  /** Characters Mermaid reads as syntax or HTML even inside a quoted label; written as #NN; codes. */
  private static final String SPECIAL = "\"#&<>\\|{}[]()`;%";

  private MermaidRenderer() {}

  public static String render(TopologyGraph graph) {
    StringBuilder out = new StringBuilder("flowchart LR\n");
    for (Node n : graph.nodes()) {
      List<String> lines = new ArrayList<>();
      lines.add(label(n.name()));
      n.details().forEach(d -> lines.add(label(d)));
      String text = "\"" + String.join("<br>", lines) + "\"";
      out.append("  ").append(n.id());
      switch (n.kind()) {
        case CLIENT -> out.append("((").append(text).append("))");
        case BACKEND -> out.append("[(").append(text).append(")]");
        case UNDEFINED -> out.append("{{").append(text).append("}}");
        case SERVICE -> out.append('[').append(text).append(']');
      }
      out.append('\n');
    }
    for (Edge e : graph.edges()) {
      out.append("  ").append(e.from()).append(' ').append(arrow(e)).append("|\"").append(label(e.condition()))
          .append("\"| ").append(e.to()).append('\n');
    }
    return out.toString();
  }

  /** Transparent hops are thick; the way a silent client or an unmatched name takes is dotted. */
  private static String arrow(Edge e) {
    if (e.transparent()) {
      return "==>";
    }
    return e.kind() == EdgeKind.ON_TIMEOUT || e.kind() == EdgeKind.DEFAULT ? "-.->" : "-->";
  }

  /**
   * A value as the inside of a quoted Mermaid label that shows it as written: quotes, {@code #}
   * (which starts a code), HTML's {@code <>&}, the brackets and bars of node and edge syntax,
   * markdown's backticks, {@code ;} and {@code %} become {@code #NN;} codes, and
   * unprintable characters {@code #92;uXXXX} (shown as {@code \}{@code uXXXX}).
   */
  public static String label(String value) {
    StringBuilder sb = new StringBuilder(value.length() + 8);
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Unprintables.isUnprintable(value, i)) {
        sb.append("#92;").append(Unprintables.code(c));
      } else if (SPECIAL.indexOf(c) >= 0) {
        sb.append('#').append(String.format(Locale.ROOT, "%d", (int) c)).append(';');
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}
