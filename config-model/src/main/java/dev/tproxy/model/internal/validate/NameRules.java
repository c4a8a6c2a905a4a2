package dev.tproxy.model.internal.validate;

import dev.tproxy.model.Backend;
import dev.tproxy.model.Service;
import dev.tproxy.model.Topology;
import java.util.HashMap;
import java.util.Map;

/** The topology, its services and backends have valid names, unique across services and backends. */
final class NameRules {

  void check(Topology t, Findings f) {
    Texts.checkName("name", "topology", t.name(), f);
    if (t.services().isEmpty()) {
      f.error("services", "the topology has no services", "add at least one service that listens");
    }
    Map<String, String> firstUse = new HashMap<>();
    for (int i = 0; i < t.services().size(); i++) {
      Service s = t.services().get(i);
      String path = Paths.field(Paths.service(i), "name");
      if (s == null) {
        continue;
      }
      Texts.checkName(path, "service", s.name(), f);
      unique(s.name(), path, firstUse, f);
    }
    for (int i = 0; i < t.backends().size(); i++) {
      Backend b = t.backends().get(i);
      String path = Paths.field(Paths.index("backends", i), "name");
      if (b == null) {
        continue;
      }
      Texts.checkName(path, "backend", b.name(), f);
      unique(b.name(), path, firstUse, f);
    }
  }

  private static void unique(String name, String path, Map<String, String> firstUse, Findings f) {
    if (name == null || name.isEmpty()) {
      return;
    }
    String earlier = firstUse.putIfAbsent(name, path);
    if (earlier != null) {
      f.error(
          path,
          "the name \"" + name + "\" is already used at " + earlier,
          "names are unique across services and backends, because targets refer to them by name alone");
    }
  }
}
