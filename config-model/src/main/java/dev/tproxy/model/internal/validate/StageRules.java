package dev.tproxy.model.internal.validate;

import dev.tproxy.model.Demux;
import dev.tproxy.model.Forward;
import dev.tproxy.model.Probe;
import dev.tproxy.model.ProbeRule;
import dev.tproxy.model.Service;
import dev.tproxy.model.SniRoute;
import dev.tproxy.model.SniRule;
import dev.tproxy.model.TlsTerminate;
import dev.tproxy.model.Topology;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Each service has exactly one well-formed stage; timeouts are positive. */
final class StageRules {

  void check(Topology t, Findings f) {
    for (int i = 0; i < t.services().size(); i++) {
      Service s = t.services().get(i);
      if (s == null) {
        continue;
      }
      String base = Paths.service(i);
      positive(Paths.field(base, "connect-timeout"), s.connectTimeout(), f);
      positive(Paths.field(base, "idle-timeout"), s.idleTimeout(), f);
      atLeastOne(Paths.field(base, "max-connections"), s.maxConnections(), f);
      positive(Paths.field(Paths.field(base, "proxy-protocol"), "timeout"), s.proxyProtocol().timeout(), f);
      if (s.stage() == null) {
        f.error(base, "service \"" + s.name() + "\" has no stage",
            "give exactly one of demux, sni-route, tls-terminate or forward");
        continue;
      }
      String stage = Paths.stage(i, s);
      if (s.stage() instanceof Demux d) {
        new DemuxRules().check(stage, d, f);
        ChainRules.shadowedRules(stage, d, f);
      } else if (s.stage() instanceof SniRoute r) {
        sniRoute(stage, r, f);
      } else if (s.stage() instanceof TlsTerminate tls) {
        new TlsRules().check(stage, tls, f);
        positive(Paths.field(stage, "handshake-timeout"), tls.handshakeTimeout(), f);
      } else if (s.stage() instanceof Forward fw) {
        requireTarget(Paths.field(stage, "target"), fw.target(), f);
      }
    }
  }

  static void positive(String path, Optional<Duration> d, Findings f) {
    d.ifPresent(v -> positive(path, v, f));
  }

  static void positive(String path, Duration d, Findings f) {
    if (d != null && (d.isZero() || d.isNegative())) {
      f.error(path, "a timeout must be positive", "write e.g. 5s or 3m; leave it out for the engine's default");
    }
  }

  /** A connection limit, where one is written. */
  static void atLeastOne(String path, java.util.OptionalInt max, Findings f) {
    max.ifPresent(m -> {
      if (m < 1) {
        f.error(path, "max-connections must be at least 1, not " + m, "leave it out for no limit");
      }
    });
  }

  static void requireTarget(String path, dev.tproxy.model.Target target, Findings f) {
    if (target == null || target.name() == null) {
      f.error(path, "no target", "name the service or backend the connection goes to");
    }
  }

  /** Room for a ClientHello's record and handshake headers and a short hello. */
  static final int MIN_PREREAD_BUFFER = 64;

  private void sniRoute(String base, SniRoute r, Findings f) {
    requireTarget(Paths.field(base, "default"), r.defaultTarget(), f);
    r.prereadBuffer().ifPresent(bytes -> {
      if (bytes < MIN_PREREAD_BUFFER) {
        f.error(Paths.field(base, "preread-buffer"), "a preread buffer of " + bytes + " bytes cannot hold a ClientHello",
            "leave it out for nginx's 16k, or give at least " + MIN_PREREAD_BUFFER + " bytes");
      }
    });
    positive(Paths.field(base, "preread-timeout"), r.prereadTimeout(), f);
    java.util.Map<String, String> names = new java.util.HashMap<>();
    for (int k = 0; k < r.rules().size(); k++) {
      SniRule rule = r.rules().get(k);
      String rp = Paths.index(Paths.field(base, "rules"), k);
      if (rule == null) {
        continue;
      }
      requireTarget(Paths.field(rp, "target"), rule.target(), f);
      atLeastOne(Paths.field(rp, "max-connections"), rule.maxConnections(), f);
      boolean byName = !rule.serverNames().isEmpty();
      boolean byAlpn = !rule.alpn().isEmpty();
      if (byName == byAlpn) {
        f.error(rp, byName ? "a route matches on server-names or on alpn, not both" : "the route matches nothing",
            "routes on server names are tried first, then routes on ALPN (as an nginx map does);"
                + " write server-names: [...] or alpn: [...]");
      }
      for (int m = 0; m < rule.serverNames().size(); m++) {
        String name = rule.serverNames().get(m);
        String np = Paths.index(Paths.field(rp, "server-names"), m);
        if (name == null || !Texts.SERVER_NAME_PATTERN.matcher(name).matches()) {
          f.error(np, Texts.quote(String.valueOf(name)) + " is not a server name",
              "write a host name (t1.example.org) or a wildcard for its subdomains (*.example.org)");
          continue;
        }
        String key = name.toLowerCase(java.util.Locale.ROOT);
        String earlier = names.putIfAbsent(key, np);
        if (earlier != null) {
          f.error(np, "\"" + name + "\" is already routed at " + earlier, "each server name can have one route");
        }
      }
      alpnIds(Paths.field(rp, "alpn"), rule.alpn(), false, f);
    }
  }

  /** ALPN protocol ids; {@code globs} allows sslh's fnmatch characters. */
  static void alpnIds(String base, List<String> ids, boolean globs, Findings f) {
    for (int m = 0; m < ids.size(); m++) {
      String id = ids.get(m);
      String p = Paths.index(base, m);
      String check = id == null ? "" : globs ? id.replaceAll("[*?\\[\\]!]", "a") : id;
      if (!Texts.ALPN_ID.matcher(check).matches()) {
        f.error(p, Texts.quote(String.valueOf(id)) + " is not an ALPN protocol id",
            "write registered ids such as h2, http/1.1 or acme-tls/1");
      } else if (globs) {
        Globs.check(p, id, f);
      }
    }
  }

  /** The rules of a demux stage. */
  private static final class DemuxRules {
    void check(String base, Demux d, Findings f) {
      positive(Paths.field(base, "probe-timeout"), d.probeTimeout(), f);
      String rulesPath = Paths.field(base, "rules");
      if (d.rules().isEmpty()) {
        f.error(rulesPath, "a demux stage needs at least one rule",
            "list the protocols in probing order, e.g. ssh, then tls, then anyprot as the fallback");
        return;
      }
      for (int k = 0; k < d.rules().size(); k++) {
        ProbeRule rule = d.rules().get(k);
        String rp = Paths.index(rulesPath, k);
        if (rule == null) {
          continue;
        }
        requireTarget(Paths.field(rp, "target"), rule.target(), f);
        atLeastOne(Paths.field(rp, "max-connections"), rule.maxConnections(), f);
        if (rule.probe() == null) {
          f.error(Paths.field(rp, "probe"), "the rule names no probe", "e.g. probe: ssh");
          continue;
        }
        if (rule.probe() == Probe.ANYPROT && k < d.rules().size() - 1) {
          f.error(Paths.field(rp, "probe"),
              "anyprot matches every connection, so the " + (d.rules().size() - 1 - k) + " rule(s) after it are never tried",
              "move anyprot to the end: as the last rule it is the fallback");
        }
        if (rule.probe() != Probe.TLS && (!rule.sni().isEmpty() || !rule.alpn().isEmpty())) {
          f.error(Paths.field(rp, rule.sni().isEmpty() ? "alpn" : "sni"),
              "sni and alpn only apply to the tls probe, not " + rule.probe().id(),
              "sslh 2.x refuses to start with them on another probe; move them to a tls rule");
        }
        if (rule.probe() != Probe.REGEX && (!rule.patterns().isEmpty() || rule.minLength().isPresent())) {
          f.error(Paths.field(rp, rule.patterns().isEmpty() ? "min-length" : "patterns"),
              "patterns and min-length only apply to the regex probe, not " + rule.probe().id(), "");
        }
        if (rule.probe() == Probe.REGEX && rule.patterns().isEmpty()) {
          f.error(Paths.field(rp, "patterns"), "a regex rule needs at least one pattern",
              "e.g. patterns: [\"^SSH-\"]");
        }
        rule.minLength().ifPresent(n -> {
          if (n < 1) {
            f.error(Paths.field(rp, "min-length"), "min-length must be at least 1, not " + n, "");
          }
        });
        for (int m = 0; m < rule.sni().size(); m++) {
          String p = Paths.index(Paths.field(rp, "sni"), m);
          String glob = rule.sni().get(m);
          String check = glob == null ? "" : glob.replaceAll("[*?\\[\\]!]", "a");
          if (!Texts.HOST_NAME.matcher(check).matches()) {
            f.error(p, Texts.quote(String.valueOf(glob)) + " is not a server name pattern",
                "write a host name with shell wildcards, e.g. *.example.org (it does not match example.org itself)");
          } else {
            Globs.check(p, glob, f);
            if (!glob.equals(glob.toLowerCase(java.util.Locale.ROOT))) {
              f.warning(p, "\"" + glob + "\" has capital letters",
                  "sslh compares server names case-sensitively while tproxy (like nginx and RFC 6066) does not;"
                      + " write names in lower case so that both route alike");
            }
          }
        }
        alpnIds(Paths.field(rp, "alpn"), rule.alpn(), true, f);
        for (int m = 0; m < rule.patterns().size(); m++) {
          Regexes.check(Paths.index(Paths.field(rp, "patterns"), m), rule.patterns().get(m), f);
        }
      }
    }
  }
}
