package dev.tproxy.generate.diagram;

import java.util.List;

/**
 * A topology as a picture sees it: boxes and labelled arrows, with no syntax of any drawing
 * language. {@link TopologyGraphs#of} builds it; {@link DotRenderer} and {@link MermaidRenderer}
 * draw it. Node ids are generated ({@code client}, {@code s1}, {@code b1}, ...), never taken from
 * the user's file, so that only labels need escaping.
 *
 * @param title the topology's name
 * @param nodes in a stable order: the client, services, backends, then undefined targets
 * @param edges in a stable order: entries, then each service's routes as written
 */
public record TopologyGraph(String title, List<Node> nodes, List<Edge> edges) {

  public TopologyGraph {
    nodes = List.copyOf(nodes);
    edges = List.copyOf(edges);
  }

  /** What a box stands for; renderers draw each kind in its own shape. */
  public enum NodeKind {
    /** Where connections come from: the clients of the services nothing else targets. */
    CLIENT,
    SERVICE,
    BACKEND,
    /** A target that names neither a service nor a backend (an unvalidated topology). */
    UNDEFINED
  }

  /**
   * One box.
   *
   * @param name the service's or backend's name as written
   * @param details further lines: engine, stage, listen addresses, transparency, address
   */
  public record Node(String id, NodeKind kind, String name, List<String> details) {
    public Node {
      details = List.copyOf(details);
    }
  }

  /** What a route's arrow means. */
  public enum EdgeKind {
    /** From the client to an entry service, labelled with its listen addresses. */
    ENTRY,
    /** A demux rule, labelled with its probe and conditions. */
    PROBE,
    /** Where a silent client goes (demux on-timeout, written or sslh's rule). */
    ON_TIMEOUT,
    /** An sni-route rule, labelled with server names or ALPN protocols. */
    SNI,
    /** The sni-route default. */
    DEFAULT,
    /** A tls-terminate stage's plain stream. */
    TLS_TERMINATE,
    FORWARD
  }

  /**
   * One arrow.
   *
   * @param condition when a connection takes it, e.g. {@code tls sni=a.example.org}
   * @param transparent the hop connects from the client's own address
   */
  public record Edge(String from, String to, EdgeKind kind, String condition, boolean transparent) {}
}
