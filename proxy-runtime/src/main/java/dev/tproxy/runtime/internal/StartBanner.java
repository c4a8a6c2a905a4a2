package dev.tproxy.runtime.internal;

import dev.tproxy.model.Service;
import dev.tproxy.model.SocketEndpoint;
import dev.tproxy.model.Topology;
import dev.tproxy.runtime.RuntimeOptions;
import dev.tproxy.runtime.internal.transport.Transport;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;

/**
 * The lines logged when a runtime starts: transport, each service with where it really listens
 * next to what the topology says, and, in local mode, that listeners moved and transparency is off.
 */
final class StartBanner {
  private StartBanner() {}

  static String text(Topology topology, RuntimeOptions options, Transport transport, boolean ownLoops,
      Map<String, List<InetSocketAddress>> bound) {
    StringBuilder b = new StringBuilder();
    b.append("tproxy runtime \"").append(topology.name()).append("\" started on ").append(transport)
        .append(ownLoops ? "" : " (embedder's event loops)");
    if (options.localMode()) {
      b.append(" in LOCAL MODE: listeners moved to loopback, privileged ports +").append(options.localPortOffset())
          .append(", transparency OFF");
    }
    for (Service s : topology.services()) {
      b.append("\n  ").append(s.name()).append(" (").append(s.stage().kind()).append(")");
      if (!bound.containsKey(s.name())) {
        b.append(" not run here: its engine, ").append(s.engine().kind().id()).append(",")
            .append(" serves ").append(s.listen().get(0));
        continue;
      }
      for (int i = 0; i < s.listen().size(); i++) {
        b.append(i == 0 ? " listening on " : ", ");
        String configured = s.listen().get(i).toString();
        String actual = text(bound.get(s.name()).get(i));
        b.append(actual);
        if (!configured.equals(actual)) {
          b.append(" (configured ").append(configured).append(')');
        }
      }
      if (s.transparent()) {
        b.append(options.localMode() ? ", transparent: OFF (local mode)" : ", transparent (" + s.effectiveTransparentBind() + ")");
      }
    }
    return b.toString();
  }

  /** {@code 10.0.0.1:443} or {@code [::1]:443}. */
  static String text(InetSocketAddress a) {
    return new SocketEndpoint(a.getAddress(), a.getPort()).toString();
  }
}
