package dev.tproxy.model.internal.validate;

import dev.tproxy.model.BackendAddress;
import dev.tproxy.model.Demux;
import dev.tproxy.model.EngineCapabilities;
import dev.tproxy.model.Feature;
import dev.tproxy.model.ProbeRule;
import dev.tproxy.model.ProxyProtocolVersion;
import dev.tproxy.model.Service;
import dev.tproxy.model.StageKind;
import dev.tproxy.model.TlsTerminate;
import dev.tproxy.model.Topology;
import dev.tproxy.model.VerifyMode;
import java.util.stream.Collectors;

/**
 * The engine of each service can realise its stage and every feature it asks for, in the version
 * named. Generated files must never carry a setting the program silently ignores, so a missing
 * feature is an error, with the version that has it.
 */
final class EngineRules {

  void check(Topology t, Findings f) {
    for (int i = 0; i < t.services().size(); i++) {
      Service s = t.services().get(i);
      if (s == null) {
        continue;
      }
      String base = Paths.service(i);
      EngineCapabilities caps = s.engine().capabilities();
      if (s.stage() != null && !caps.canRealise(s.stage().kind())) {
        f.error(Paths.field(base, "engine"), s.engine().kind() + " cannot realise a " + s.stage().kind() + " stage",
            stageHint(s));
        continue;
      }
      if (s.transparent()) {
        need(caps, Feature.TRANSPARENT, Paths.field(base, "transparent"), f);
      }
      s.transparentBind().ifPresent(bind -> {
        if (!s.transparent()) {
          f.warning(Paths.field(base, "transparent-bind"), "transparent-bind only matters with transparent: true", "");
        }
        need(caps, bind == dev.tproxy.model.TransparentBind.NEW_PORT ? Feature.TRANSPARENT_NEW_PORT
            : Feature.TRANSPARENT_KEEP_CLIENT_PORT, Paths.field(base, "transparent-bind"), f);
      });
      s.connectTimeout().ifPresent(d -> need(caps, Feature.CONNECT_TIMEOUT, Paths.field(base, "connect-timeout"), f));
      s.idleTimeout().ifPresent(d -> need(caps, Feature.IDLE_TIMEOUT, Paths.field(base, "idle-timeout"), f));
      if (s.halfClose()) {
        need(caps, Feature.HALF_CLOSE, Paths.field(base, "half-close"), f);
      }
      s.maxConnections().ifPresent(m -> need(caps, Feature.MAX_CONNECTIONS, Paths.field(base, "max-connections"), f));
      String pp = Paths.field(base, "proxy-protocol");
      if (s.proxyProtocol().accept()) {
        need(caps, Feature.PROXY_PROTOCOL_ACCEPT, Paths.field(pp, "accept"), f);
      }
      s.proxyProtocol().timeout().ifPresent(d -> {
        if (!s.proxyProtocol().accept()) {
          f.warning(Paths.field(pp, "timeout"), "the header timeout only matters with accept: true", "");
        }
        need(caps, Feature.PROXY_PROTOCOL_TIMEOUT, Paths.field(pp, "timeout"), f);
      });
      s.proxyProtocol().send().ifPresent(v -> need(caps,
          v == ProxyProtocolVersion.V1 ? Feature.PROXY_PROTOCOL_SEND_V1 : Feature.PROXY_PROTOCOL_SEND_V2,
          Paths.field(pp, "send"), f));
      for (TargetRules.Ref ref : s.stage() == null ? java.util.List.<TargetRules.Ref>of() : TargetRules.refs(i, s)) {
        t.backend(ref.target().name())
            .filter(b -> b.address() instanceof BackendAddress.Unix)
            .ifPresent(b -> need(caps, Feature.UNIX_SOCKET_BACKEND, ref.path(), f));
      }
      if (s.stage() instanceof Demux d) {
        demux(Paths.stage(i, s), d, caps, f);
      }
      if (s.stage() instanceof dev.tproxy.model.SniRoute r) {
        String stage = Paths.stage(i, s);
        r.prereadTimeout().ifPresent(d -> need(caps, Feature.PREREAD_TIMEOUT, Paths.field(stage, "preread-timeout"), f));
        r.prereadBuffer().ifPresent(b -> need(caps, Feature.PREREAD_BUFFER, Paths.field(stage, "preread-buffer"), f));
        for (int k = 0; k < r.rules().size(); k++) {
          dev.tproxy.model.SniRule rule = r.rules().get(k);
          if (rule != null && rule.maxConnections().isPresent()) {
            need(caps, Feature.ROUTE_MAX_CONNECTIONS,
                Paths.field(Paths.index(Paths.field(Paths.stage(i, s), "rules"), k), "max-connections"), f);
          }
        }
      }
      if (s.stage() instanceof TlsTerminate tls) {
        String stage = Paths.stage(i, s);
        tls.handshakeTimeout().ifPresent(d -> need(caps, Feature.TLS_HANDSHAKE_TIMEOUT,
            Paths.field(stage, "handshake-timeout"), f));
        if (tls.clientAuth().verify() == VerifyMode.OPTIONAL) {
          need(caps, Feature.CLIENT_VERIFY_OPTIONAL, Paths.field(Paths.field(Paths.stage(i, s), "client-auth"), "verify"), f);
        }
        for (int k = 0; k < tls.certificates().size(); k++) {
          if (tls.certificates().get(k) != null && tls.certificates().get(k).passwordFile().isPresent()) {
            need(caps, Feature.KEY_PASSWORD_FILE,
                Paths.field(Paths.index(Paths.field(Paths.stage(i, s), "certificates"), k), "password-file"), f);
          }
        }
      }
    }
  }

  private static void demux(String base, Demux d, EngineCapabilities caps, Findings f) {
    d.probeTimeout().ifPresent(timeout -> {
      if (timeout.toMillis() % 1000 != 0) {
        need(caps, Feature.SUB_SECOND_PROBE_TIMEOUT, Paths.field(base, "probe-timeout"), f);
      }
    });
    for (int k = 0; k < d.rules().size(); k++) {
      ProbeRule r = d.rules().get(k);
      if (r == null || r.probe() == null) {
        continue;
      }
      String rp = Paths.index(Paths.field(base, "rules"), k);
      r.probe().requiredFeature().ifPresent(feature -> need(caps, feature, Paths.field(rp, "probe"), f));
      if (r.minLength().isPresent()) {
        need(caps, Feature.REGEX_MIN_LENGTH, Paths.field(rp, "min-length"), f);
      }
      if (r.maxConnections().isPresent()) {
        need(caps, Feature.ROUTE_MAX_CONNECTIONS, Paths.field(rp, "max-connections"), f);
      }
    }
  }

  private static void need(EngineCapabilities caps, Feature feature, String path, Findings f) {
    EngineCapabilities.Support s = caps.support(feature);
    if (s.available()) {
      return;
    }
    String engine = caps.engine().toString();
    if (s.since().isPresent()) {
      f.error(path, engine + " does not support " + feature.description(),
          "it arrived in " + caps.engine().kind() + " " + s.since().get()
              + (s.note().isEmpty() ? "" : " (" + s.note() + ")")
              + "; set engine-version to the version you run, or remove the setting");
    } else {
      f.error(path, caps.engine().kind() + " does not support " + feature.description() + " in any version",
          "remove the setting, or realise this service with an engine that has it ("
              + engineOf(feature) + ")");
    }
  }

  private static String engineOf(Feature feature) {
    return java.util.Arrays.stream(dev.tproxy.model.EngineKind.values())
        .filter(k -> everHas(dev.tproxy.model.Engine.of(k).capabilities().support(feature)))
        .map(Object::toString)
        .collect(Collectors.joining(", "));
  }

  /** Available in this version, or in a later one. */
  private static boolean everHas(EngineCapabilities.Support support) {
    return support.available() || support.since().isPresent();
  }

  private static String stageHint(Service s) {
    StageKind kind = s.stage().kind();
    String who = java.util.Arrays.stream(dev.tproxy.model.EngineKind.values())
        .filter(k -> dev.tproxy.model.Engine.of(k).capabilities().canRealise(kind))
        .map(Object::toString)
        .collect(Collectors.joining(", "));
    String why = switch (kind) {
      case DEMUX -> "nginx's stream module cannot tell protocols apart by their first bytes. ";
      case FORWARD -> s.engine().kind() == dev.tproxy.model.EngineKind.STUNNEL
          ? "stunnel always has TLS on one side and cannot forward plain TCP to plain TCP. " : "";
      case TLS_TERMINATE -> s.engine().kind() == dev.tproxy.model.EngineKind.SSLH
          ? "sslh never terminates TLS; chain a terminator behind it. " : "";
      default -> "";
    };
    return why + "A " + kind + " stage can be realised by: " + who;
  }
}
