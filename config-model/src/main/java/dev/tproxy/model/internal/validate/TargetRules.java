package dev.tproxy.model.internal.validate;

import dev.tproxy.model.Backend;
import dev.tproxy.model.BackendAddress;
import dev.tproxy.model.Demux;
import dev.tproxy.model.EngineKind;
import dev.tproxy.model.Forward;
import dev.tproxy.model.ProbeRule;
import dev.tproxy.model.Service;
import dev.tproxy.model.SniRoute;
import dev.tproxy.model.SniRule;
import dev.tproxy.model.Target;
import dev.tproxy.model.TlsTerminate;
import dev.tproxy.model.Topology;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Every target names an existing service or backend, and services do not form a cycle. */
final class TargetRules {

  /** A target together with where it is written. */
  record Ref(String path, Target target) {}

  void check(Topology t, Findings f) {
    Set<String> names = new LinkedHashSet<>();
    t.services().stream().filter(s -> s != null && s.name() != null).forEach(s -> names.add(s.name()));
    t.backends().stream().filter(b -> b != null && b.name() != null).forEach(b -> names.add(b.name()));

    Map<String, List<String>> edges = new LinkedHashMap<>();
    for (int i = 0; i < t.services().size(); i++) {
      Service s = t.services().get(i);
      if (s == null || s.stage() == null) {
        continue;
      }
      List<String> next = new ArrayList<>();
      for (Ref ref : refs(i, s)) {
        String name = ref.target().name();
        if (name == null) {
          continue;
        }
        if (!names.contains(name)) {
          f.error(ref.path(), "no service or backend is named \"" + name + "\"",
              Texts.closest(name, names).map(c -> "did you mean \"" + c + "\"?")
                  .orElse("targets name a service or a backend of this topology"));
          continue;
        }
        if (name.equals(s.name())) {
          f.error(ref.path(), "service \"" + s.name() + "\" forwards to itself", "");
          continue;
        }
        t.backend(name).ifPresent(b -> inProcess(ref, s, b, f));
        if (t.service(name).isPresent()) {
          next.add(name);
        }
      }
      if (s.name() != null) {
        edges.put(s.name(), next);
      }
    }
    cycles(t, edges, f);
  }

  private static void inProcess(Ref ref, Service s, Backend b, Findings f) {
    if (b.address() instanceof BackendAddress.InProcess && s.engine().kind() != EngineKind.TPROXY) {
      f.error(ref.path(), "\"" + b.name() + "\" is an in-process backend, which only the tproxy engine can reach",
          "service \"" + s.name() + "\" runs on " + s.engine() + "; set engine: tproxy or give the backend a socket address");
    }
  }

  /** Every target of service {@code i} with the path where it is written. */
  static List<Ref> refs(int i, Service s) {
    String base = Paths.stage(i, s);
    List<Ref> refs = new ArrayList<>();
    if (s.stage() instanceof Demux d) {
      for (int k = 0; k < d.rules().size(); k++) {
        ProbeRule r = d.rules().get(k);
        if (r != null && r.target() != null) {
          refs.add(new Ref(Paths.field(Paths.index(Paths.field(base, "rules"), k), "target"), r.target()));
        }
      }
      d.onTimeout().ifPresent(o -> refs.add(new Ref(Paths.field(base, "on-timeout"), o)));
    } else if (s.stage() instanceof SniRoute r) {
      for (int k = 0; k < r.rules().size(); k++) {
        SniRule rule = r.rules().get(k);
        if (rule != null && rule.target() != null) {
          refs.add(new Ref(Paths.field(Paths.index(Paths.field(base, "rules"), k), "target"), rule.target()));
        }
      }
      if (r.defaultTarget() != null) {
        refs.add(new Ref(Paths.field(base, "default"), r.defaultTarget()));
      }
    } else if (s.stage() instanceof TlsTerminate tls) {
      if (tls.target() != null) {
        refs.add(new Ref(Paths.field(base, "target"), tls.target()));
      }
    } else if (s.stage() instanceof Forward fw) {
      if (fw.target() != null) {
        refs.add(new Ref(Paths.field(base, "target"), fw.target()));
      }
    }
    return refs;
  }

  private static void cycles(Topology t, Map<String, List<String>> edges, Findings f) {
    Map<String, Integer> state = new HashMap<>(); // 1 = on the stack, 2 = done
    Set<String> reported = new LinkedHashSet<>();
    for (String start : edges.keySet()) {
      visit(start, edges, state, new ArrayList<>(), reported, t, f);
    }
  }

  private static void visit(String node, Map<String, List<String>> edges, Map<String, Integer> state,
      List<String> stack, Set<String> reported, Topology t, Findings f) {
    Integer s = state.get(node);
    if (s != null && s == 2) {
      return;
    }
    if (s != null && s == 1) {
      List<String> cycle = new ArrayList<>(stack.subList(stack.indexOf(node), stack.size()));
      List<String> key = new ArrayList<>(cycle);
      java.util.Collections.sort(key);
      if (reported.add(String.join(",", key))) {
        cycle.add(node);
        int index = t.services().indexOf(t.service(node).orElseThrow());
        f.error(Paths.service(index), "services forward in a cycle: " + String.join(" -> ", cycle),
            "every connection would loop until file descriptors run out; one of them must end at a backend");
      }
      return;
    }
    state.put(node, 1);
    stack.add(node);
    for (String next : edges.getOrDefault(node, List.of())) {
      visit(next, edges, state, stack, reported, t, f);
    }
    stack.remove(stack.size() - 1);
    state.put(node, 2);
  }
}
