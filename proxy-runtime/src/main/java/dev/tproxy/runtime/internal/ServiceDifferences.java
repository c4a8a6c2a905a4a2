package dev.tproxy.runtime.internal;

import dev.tproxy.model.Service;
import java.util.ArrayList;
import java.util.List;

/** Which parts of a service an update changed, named as the topology file names them, for the log. */
final class ServiceDifferences {
  private ServiceDifferences() {}

  static List<String> between(ServiceUnit before, ServiceUnit after) {
    Service a = before.service();
    Service b = after.service();
    List<String> parts = new ArrayList<>();
    add(parts, "listen " + a.listen() + " -> " + b.listen(), !a.listen().equals(b.listen()));
    add(parts, "engine " + a.engine() + " -> " + b.engine(), !a.engine().equals(b.engine()));
    add(parts, "transparent " + a.transparent() + " -> " + b.transparent(), a.transparent() != b.transparent());
    add(parts, "transparent-bind", !a.transparentBind().equals(b.transparentBind()));
    add(parts, "connect-timeout", !a.connectTimeout().equals(b.connectTimeout()));
    add(parts, "idle-timeout", !a.idleTimeout().equals(b.idleTimeout()));
    add(parts, "proxy-protocol", !a.proxyProtocol().equals(b.proxyProtocol()));
    add(parts, "max-connections", !a.maxConnections().equals(b.maxConnections()));
    add(parts, "half-close", a.halfClose() != b.halfClose());
    add(parts, a.stage().kind().equals(b.stage().kind()) ? a.stage().kind() + " stage"
        : "stage " + a.stage().kind() + " -> " + b.stage().kind(), !a.stage().equals(b.stage()));
    if (parts.isEmpty()) {
      // The service is as it was; what it forwards to moved (a backend's address, a service's port).
      parts.add(before.targets().equals(after.targets()) ? "settings" : "target addresses");
    }
    return parts;
  }

  private static void add(List<String> parts, String part, boolean changed) {
    if (changed) {
      parts.add(part);
    }
  }
}
