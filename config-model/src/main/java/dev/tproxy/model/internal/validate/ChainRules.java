package dev.tproxy.model.internal.validate;

import dev.tproxy.model.Backend;
import dev.tproxy.model.Demux;
import dev.tproxy.model.EngineKind;
import dev.tproxy.model.OpenFiles;
import dev.tproxy.model.ProbeRule;
import dev.tproxy.model.ProxyProtocolVersion;
import dev.tproxy.model.Service;
import dev.tproxy.model.Target;
import dev.tproxy.model.Topology;
import dev.tproxy.model.Version;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Mistakes that no single service shows, only the chain: each hop is valid on its own, the chain
 * deploys, and the first connection fails. Each finding names both hops.
 */
final class ChainRules {
  /** nginx reads PROXY protocol v2 headers from 1.13.11 (ngx_proxy_protocol.c). */
  private static final Version NGINX_READS_V2 = new Version(1, 13, 11);

  void check(Topology t, Findings f) {
    for (int i = 0; i < t.services().size(); i++) {
      Service s = t.services().get(i);
      if (s == null || s.name() == null || s.stage() == null) {
        continue;
      }
      proxyHeadersSent(t, i, s, f);
      proxyHeadersAwaited(t, i, s, f);
      limitsAndTimeoutsBehind(t, i, s, f);
      fileBudget(t, i, s, f);
    }
  }

  /** Every target of a sender must read the header, in the version sent. */
  private static void proxyHeadersSent(Topology t, int i, Service sender, Findings f) {
    Optional<ProxyProtocolVersion> sent = sender.proxyProtocol().send();
    if (sent.isEmpty()) {
      return;
    }
    String path = Paths.field(Paths.field(Paths.service(i), "proxy-protocol"), "send");
    for (Target target : sender.stage().targets()) {
      if (target == null) {
        continue;
      }
      Optional<Service> receiver = t.service(target.name());
      if (receiver.isPresent()) {
        Service r = receiver.get();
        if (!r.proxyProtocol().accept()) {
          f.error(path, "\"" + sender.name() + "\" sends PROXY " + sent.get() + " headers to \"" + r.name()
                  + "\", which does not accept them: it would take the header for the client's first bytes",
              "add proxy-protocol: {accept: true} to \"" + r.name() + "\", or stop sending");
        } else if (sent.get() == ProxyProtocolVersion.V2 && r.engine().kind() == EngineKind.NGINX
            && !r.engine().version().isAtLeast(NGINX_READS_V2)) {
          f.error(path, "\"" + sender.name() + "\" sends PROXY v2 headers to \"" + r.name() + "\" (" + r.engine()
                  + "), which reads v2 only from nginx " + NGINX_READS_V2,
              "send v1, or set engine-version to the nginx you run, if it is " + NGINX_READS_V2 + " or later");
        }
      } else {
        Optional<Backend> backend = t.backend(target.name());
        backend.ifPresent(b -> f.warning(path, "\"" + sender.name() + "\" sends PROXY " + sent.get()
                + " headers to backend \"" + b.name() + "\": unless that program reads them (nginx listen ..."
                + " proxy_protocol, HAProxy accept-proxy), it takes the header for the client's first bytes",
            "make sure \"" + b.name() + "\" expects a PROXY header, or stop sending"));
      }
    }
  }

  /**
   * A listener that accepts PROXY headers closes every connection that comes without one. When
   * every hop in front of it is in this topology and none of them sends, nothing ever arrives
   * with a header.
   */
  private static void proxyHeadersAwaited(Topology t, int i, Service receiver, Findings f) {
    if (!receiver.proxyProtocol().accept()) {
      return;
    }
    List<Service> front = t.upstreamOf(receiver);
    if (front.isEmpty() || front.stream().anyMatch(s -> s.proxyProtocol().send().isPresent())) {
      return;
    }
    f.error(Paths.field(Paths.field(Paths.service(i), "proxy-protocol"), "accept"),
        "\"" + receiver.name() + "\" waits for a PROXY header, but " + names(front)
            + " in front of it send" + (front.size() == 1 ? "s" : "") + " none: every connection would be closed",
        "add proxy-protocol: {send: v1} (or v2) to " + names(front) + ", or remove accept");
  }

  /** A later hop that serves fewer connections, or gives up sooner, than the hop in front of it. */
  private static void limitsAndTimeoutsBehind(Topology t, int i, Service later, Findings f) {
    for (Service front : t.upstreamOf(later)) {
      if (front.maxConnections().isPresent() && later.maxConnections().isPresent()
          && later.maxConnections().getAsInt() < front.maxConnections().getAsInt()) {
        f.warning(Paths.field(Paths.service(i), "max-connections"),
            "\"" + later.name() + "\" serves " + later.maxConnections().getAsInt() + " connections at once, \""
                + front.name() + "\" in front of it " + front.maxConnections().getAsInt()
                + ": past " + later.maxConnections().getAsInt() + " the later hop closes what the first accepted",
            "give \"" + later.name() + "\" at least " + front.maxConnections().getAsInt() + ", or limit \""
                + front.name() + "\" to what the chain can serve");
      }
      // sslh has no idle timeout: in front of anything, it waits as long as the later hop lets it.
      Duration frontIdle = front.effectiveIdleTimeout();
      Duration laterIdle = later.effectiveIdleTimeout();
      if (later.idleTimeout().isPresent() && front.engine().capabilities().has(dev.tproxy.model.Feature.IDLE_TIMEOUT)
          && laterIdle.compareTo(frontIdle) < 0) {
        f.warning(Paths.field(Paths.service(i), "idle-timeout"),
            "\"" + later.name() + "\" closes idle connections after " + dev.tproxy.model.Durations.format(laterIdle)
                + ", \"" + front.name() + "\" in front of it after " + dev.tproxy.model.Durations.format(frontIdle)
                + ": an idle session ends at the later hop first",
            "give the later hop at least the idle timeout of the hop in front of it");
      }
    }
  }

  /**
   * The open files (nginx: worker connections) that the generated files give a hop ({@link OpenFiles}): the
   * sslh and stunnel units and the generated nginx.conf get the file descriptors their services'
   * max-connections need (LimitNOFILE=, worker_connections), and keep the default of 1024
   * otherwise. nginx's workers serve all nginx services of the topology. The runtime checks its
   * own limit at start (FileDescriptorBudget).
   */
  static java.util.OptionalInt limit(Topology t, Service s) {
    EngineKind kind = s.engine().kind();
    if (kind == EngineKind.TPROXY) {
      return java.util.OptionalInt.empty();
    }
    List<Service> sharing = kind == EngineKind.NGINX
        ? t.services().stream().filter(x -> x != null && x.engine() != null && x.engine().kind() == EngineKind.NGINX).toList()
        : List.of(s);
    return java.util.OptionalInt.of(OpenFiles.limitFor(kind, sharing).orElse(OpenFiles.DEFAULT_LIMIT));
  }

  /**
   * A hop that cannot hold what the hops in front of it let through. The generated files are
   * sized from a hop's own max-connections, so only a hop without a limit can run short: behind
   * one that lets more through than the default holds.
   */
  private static void fileBudget(Topology t, int i, Service s, Findings f) {
    java.util.OptionalInt limit = limit(t, s);
    if (limit.isEmpty()) {
      return;
    }
    int can = OpenFiles.capacity(s.engine().kind(), limit.getAsInt());
    String why = s.engine().kind() == EngineKind.NGINX
        ? "the generated nginx.conf gives each worker " + limit.getAsInt() + " connections, two for each proxied one"
        : "its generated unit runs with " + limit.getAsInt() + " open files, two for each proxied connection";
    String files = s.engine().kind() == EngineKind.NGINX ? "the generated nginx.conf" : "its generated unit";
    if (s.maxConnections().isPresent()) {
      return; // its own limit sized the files (OpenFiles.limitFor), so they hold it
    }
    for (Service front : t.upstreamOf(s)) {
      if (front.maxConnections().isPresent() && front.maxConnections().getAsInt() > can) {
        f.warning(Paths.field(Paths.service(i), "engine"),
            "\"" + front.name() + "\" in front lets " + front.maxConnections().getAsInt() + " connections through at once,"
                + " and \"" + s.name() + "\" (" + s.engine() + ") holds about " + can + ": " + why,
            "give \"" + s.name() + "\" max-connections (" + files + " then gets the file descriptors for them), or limit \""
                + front.name() + "\" to " + can);
        return;
      }
    }
  }

  private static String names(List<Service> services) {
    return String.join(", ", services.stream().map(s -> "\"" + s.name() + "\"").toList());
  }

  /**
   * A demux rule that can never match because an earlier one always wins: sslh tries the rules
   * in order and takes the first match. Called from {@link StageRules} with the stage's path.
   */
  static void shadowedRules(String base, Demux d, Findings f) {
    for (int j = 1; j < d.rules().size(); j++) {
      ProbeRule later = d.rules().get(j);
      if (later == null || later.probe() == null || later.probe() == dev.tproxy.model.Probe.ANYPROT) {
        continue;
      }
      for (int k = 0; k < j; k++) {
        ProbeRule earlier = d.rules().get(k);
        if (earlier != null && earlier.probe() == later.probe() && covers(earlier, later)) {
          String at = Paths.index(Paths.field(base, "rules"), k);
          f.warning(Paths.index(Paths.field(base, "rules"), j),
              "this " + later.probe().id() + " rule never matches: the earlier rule " + at + " matches all it does",
              "remove it, or move it before " + at + " (the first rule that matches wins)");
          break;
        }
      }
    }
  }

  /** Whether every first flight {@code later} matches is matched by {@code earlier} (same probe). */
  private static boolean covers(ProbeRule earlier, ProbeRule later) {
    return switch (earlier.probe()) {
      case TLS -> globsCover(earlier.sni(), later.sni()) && globsCover(earlier.alpn(), later.alpn());
      case REGEX -> later.patterns().containsAll(earlier.patterns()) && earlier.patterns().containsAll(later.patterns())
          && earlier.minLength().equals(later.minLength());
      default -> true;
    };
  }

  /**
   * No earlier filter matches anything; else every later pattern must be one the earlier globs
   * match as a name. Only literal later patterns (or identical ones) are judged: a glob against a
   * glob is not decided here, so nothing is reported that might match after all.
   */
  private static boolean globsCover(List<String> earlier, List<String> later) {
    if (earlier.isEmpty()) {
      return true;
    }
    if (later.isEmpty()) {
      return false;
    }
    return later.stream().allMatch(l -> earlier.stream().anyMatch(e -> e.equalsIgnoreCase(l) || e.equals("*")
        || (Globs.isLiteral(l) && Globs.matches(e, l))));
  }
}
