package dev.tproxy.generate.diagram;

import dev.tproxy.generate.diagram.TopologyGraph.Edge;
import dev.tproxy.generate.diagram.TopologyGraph.EdgeKind;
import dev.tproxy.generate.diagram.TopologyGraph.Node;
import dev.tproxy.generate.diagram.TopologyGraph.NodeKind;
import dev.tproxy.model.Backend;
import dev.tproxy.model.Demux;
import dev.tproxy.model.Forward;
import dev.tproxy.model.ProbeRule;
import dev.tproxy.model.Service;
import dev.tproxy.model.SniRoute;
import dev.tproxy.model.SniRule;
import dev.tproxy.model.SocketEndpoint;
import dev.tproxy.model.Stage;
import dev.tproxy.model.Target;
import dev.tproxy.model.TlsTerminate;
import dev.tproxy.model.Topology;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/** Walks a {@link Topology} once into a {@link TopologyGraph}. */
public final class TopologyGraphs {
  static final String CLIENT_ID = "client";

  private final Topology topology;
  /** Node of each name, in the order nodes are drawn. */
  private final Map<String, Node> byName = new LinkedHashMap<>();
  private final List<Node> undefined = new ArrayList<>();
  private final List<Edge> edges = new ArrayList<>();

  private TopologyGraphs(Topology topology) {
    this.topology = topology;
  }

  /** The graph of {@code topology}; it need not be valid (an undefined target becomes a box of its own). */
  public static TopologyGraph of(Topology topology) {
    return new TopologyGraphs(topology).build();
  }

  private TopologyGraph build() {
    int s = 0;
    for (Service service : topology.services()) {
      if (service != null && service.name() != null) {
        byName.putIfAbsent(service.name(), serviceNode("s" + ++s, service));
      }
    }
    int b = 0;
    for (Backend backend : topology.backends()) {
      if (backend != null && backend.name() != null) {
        byName.putIfAbsent(backend.name(), new Node("b" + ++b, NodeKind.BACKEND, backend.name(),
            backend.address() == null ? List.of() : List.of(backend.address().toString())));
      }
    }
    List<Node> nodes = new ArrayList<>();
    nodes.add(new Node(CLIENT_ID, NodeKind.CLIENT, "client", List.of()));
    for (Service service : topology.services()) {
      if (service != null && service.name() != null && topology.upstreamOf(service).isEmpty()) {
        edges.add(new Edge(CLIENT_ID, byName.get(service.name()).id(), EdgeKind.ENTRY, listen(service), false));
      }
    }
    for (Service service : topology.services()) {
      if (service != null && service.name() != null && service.stage() != null) {
        routes(service, service.stage());
      }
    }
    nodes.addAll(byName.values());
    nodes.addAll(undefined);
    return new TopologyGraph(topology.name() == null ? "" : topology.name(), nodes, edges);
  }

  private static Node serviceNode(String id, Service service) {
    List<String> details = new ArrayList<>();
    details.add(service.engine() + (service.stage() == null ? "" : ", " + service.stage().kind().id()));
    details.add(listen(service));
    if (service.transparent()) {
      details.add("transparent");
    }
    return new Node(id, NodeKind.SERVICE, service.name(), details);
  }

  private static String listen(Service service) {
    return service.listen().stream().filter(Objects::nonNull).map(SocketEndpoint::toString)
        .collect(Collectors.joining(" "));
  }

  private void routes(Service from, Stage stage) {
    if (stage instanceof Demux d) {
      for (ProbeRule r : d.rules()) {
        if (r != null) {
          edge(from, r.target(), EdgeKind.PROBE, probeCondition(r));
        }
      }
      String timeout = "on timeout " + seconds(d.effectiveProbeTimeout(from.engine()));
      d.effectiveTimeoutTarget().ifPresent(t -> edge(from, t, EdgeKind.ON_TIMEOUT, timeout));
    } else if (stage instanceof SniRoute r) {
      for (SniRule rule : r.rules()) {
        if (rule != null) {
          edge(from, rule.target(), EdgeKind.SNI, sniCondition(rule));
        }
      }
      edge(from, r.defaultTarget(), EdgeKind.DEFAULT, "default");
    } else if (stage instanceof TlsTerminate t) {
      edge(from, t.target(), EdgeKind.TLS_TERMINATE, "TLS terminated");
    } else if (stage instanceof Forward f) {
      edge(from, f.target(), EdgeKind.FORWARD, "forward");
    }
  }

  private static String probeCondition(ProbeRule r) {
    StringBuilder sb = new StringBuilder(r.probe() == null ? "?" : r.probe().id());
    if (!r.sni().isEmpty()) {
      sb.append(" sni=").append(String.join(",", r.sni()));
    }
    if (!r.alpn().isEmpty()) {
      sb.append(" alpn=").append(String.join(",", r.alpn()));
    }
    if (!r.patterns().isEmpty()) {
      sb.append(' ').append(String.join(" ", r.patterns()));
    }
    return sb.append(max(r.maxConnections())).toString();
  }

  private static String sniCondition(SniRule rule) {
    String condition = rule.serverNames().isEmpty()
        ? "alpn=" + String.join(",", rule.alpn())
        : String.join(" ", rule.serverNames());
    return condition + max(rule.maxConnections());
  }

  private static String max(OptionalInt maxConnections) {
    return maxConnections.isPresent() ? " (max " + maxConnections.getAsInt() + ")" : "";
  }

  private static String seconds(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
  }

  private void edge(Service from, Target to, EdgeKind kind, String condition) {
    if (to == null || to.name() == null) {
      return;
    }
    edges.add(new Edge(byName.get(from.name()).id(), nodeOf(to.name()).id(), kind, condition, from.transparent()));
  }

  private Node nodeOf(String name) {
    Node known = byName.get(name);
    if (known != null) {
      return known;
    }
    return undefined.stream().filter(n -> n.name().equals(name)).findFirst().orElseGet(() -> {
      Node n = new Node("u" + (undefined.size() + 1), NodeKind.UNDEFINED, name, List.of("undefined"));
      undefined.add(n);
      return n;
    });
  }
}
