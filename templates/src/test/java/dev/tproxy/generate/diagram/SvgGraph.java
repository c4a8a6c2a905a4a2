package dev.tproxy.generate.diagram;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * What an SVG drawn by Graphviz's dot shows: each node's and edge's title (dot writes the node
 * id, and {@code from->to} for an edge) and the lines of text drawn in it.
 */
public record SvgGraph(Map<String, List<String>> nodes, List<SvgEdge> edges) {

  /** An edge: the ids of its ends and the text of its label. */
  public record SvgEdge(String from, String to, List<String> text) {}

  public static SvgGraph parse(String svg) {
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      // dot's SVG names the SVG 1.1 DTD; reading it would go to the network.
      f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
      Document doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
      Map<String, List<String>> nodes = new LinkedHashMap<>();
      List<SvgEdge> edges = new ArrayList<>();
      NodeList groups = doc.getElementsByTagName("g");
      for (int i = 0; i < groups.getLength(); i++) {
        Element g = (Element) groups.item(i);
        String title = text(g, "title").get(0);
        if (g.getAttribute("class").equals("node")) {
          nodes.put(title, text(g, "text"));
        } else if (g.getAttribute("class").equals("edge")) {
          String[] ends = title.split("->", 2);
          edges.add(new SvgEdge(ends[0], ends[1], text(g, "text")));
        }
      }
      return new SvgGraph(nodes, edges);
    } catch (Exception e) {
      throw new AssertionError("dot's output is not the SVG expected: " + e + "\n" + svg, e);
    }
  }

  /** The id of the node whose first line is {@code name}. */
  public Optional<String> nodeNamed(String name) {
    return nodes.entrySet().stream().filter(e -> !e.getValue().isEmpty() && e.getValue().get(0).equals(name))
        .map(Map.Entry::getKey).findFirst();
  }

  private static List<String> text(Element parent, String tag) {
    List<String> result = new ArrayList<>();
    NodeList list = parent.getElementsByTagName(tag);
    for (int i = 0; i < list.getLength(); i++) {
      result.add(list.item(i).getTextContent());
    }
    return result;
  }
}
