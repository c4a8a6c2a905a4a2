package dev.tproxy.generate.internal.sslh;

import dev.tproxy.generate.FileMode;
import dev.tproxy.generate.GeneratedFile;
import dev.tproxy.generate.GenerationException;
import dev.tproxy.generate.internal.FileHeader;
import dev.tproxy.generate.internal.FileSource;
import dev.tproxy.generate.internal.GenerationContext;
import dev.tproxy.generate.internal.InstallLayout;
import dev.tproxy.model.BackendAddress;
import dev.tproxy.model.Demux;
import dev.tproxy.model.EngineKind;
import dev.tproxy.model.IpLiterals;
import dev.tproxy.model.IpPrefix;
import dev.tproxy.model.Probe;
import dev.tproxy.model.ProbeRule;
import dev.tproxy.model.ProxyProtocolVersion;
import dev.tproxy.model.Service;
import dev.tproxy.model.SocketEndpoint;
import dev.tproxy.model.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * One sslh configuration per sslh service, in the dialect of its version, checked against the
 * keys that version reads before it is returned.
 */
public final class SslhFiles implements FileSource {

  /**
   * POSIX ERE and PCRE2 both read {@code ^} after a character as "start of input", which never
   * holds there: a regex entry with this pattern never matches while probing.
   */
  static final String NEVER_MATCHES = "a^";

  @Override
  public List<GeneratedFile> files(GenerationContext context) {
    List<GeneratedFile> files = new ArrayList<>();
    for (Service s : context.services(EngineKind.SSLH)) {
      files.add(file(context, s));
    }
    return files;
  }

  private GeneratedFile file(GenerationContext context, Service s) {
    SslhDialect dialect = SslhDialect.of(s.engine().version()).orElseThrow(() -> context.error(s, "engine-version",
        "tproxy writes sslh configuration for sslh 1.20 (Debian 12) and for 2.2 or later, not " + s.engine().version(),
        "versions in between renamed keys and bind without cooperation; set engine-version to \"1.20\" or to the 2.x version you run (2.2 or later)"));
    context.requireFixedPorts(s);
    Demux demux = (Demux) s.stage();
    SslhViews.Config view = config(context, s, dialect, demux);
    String path = InstallLayout.SSLH + "/" + context.layout().sslhConfigFile(s);
    GeneratedFile file = context.file(path, "sslh/sslh.cfg.libconfig.ftl", view, s,
        FileHeader.CommentStyle.HASH, FileMode.CONFIG);
    checkKeys(context, s, file);
    return file;
  }

  /** A replaced template must not slip in a key this version ignores either. */
  private static void checkKeys(GenerationContext context, Service s, GeneratedFile file) {
    List<String> problems;
    try {
      problems = SslhKeyTable.problems(s.engine().version(), Libconfig.parse(file.content()));
    } catch (Libconfig.SyntaxError e) {
      throw context.error(s, "engine-version", file.relativePath() + " is not valid libconfig: " + e.getMessage(),
          "check the sslh template");
    }
    if (!problems.isEmpty()) {
      throw context.error(s, "engine-version", file.relativePath() + " has settings sslh "
          + s.engine().version() + " would silently ignore: " + String.join("; ", problems), "check the sslh template");
    }
  }

  private SslhViews.Config config(GenerationContext context, Service s, SslhDialect dialect, Demux demux) {
    boolean perProtocolTransparent = s.transparent() && !dialect.globalTransparent();
    List<SslhViews.Protocol> protocols = new ArrayList<>();
    for (int k = 0; k < demux.rules().size(); k++) {
      protocols.add(protocol(context, s, demux.rules().get(k), "demux.rules[" + k + "].target", perProtocolTransparent));
    }
    Target timeoutTarget = demux.effectiveTimeoutTarget().orElseThrow();
    String onTimeout = onTimeout(demux, timeoutTarget);
    if (onTimeout == null) {
      // sslh sends a silent client to the first entry named by on-timeout. No rule's probe name
      // leads to the target, so a sentinel entry is added. It cannot be sslh's "timeout"
      // pseudo-protocol: that one's probe always matches (probe.c: get_probe returns is_true)
      // and, since every entry is probed in order, would catch every connection that reaches
      // it, or as the last entry become the fallback. A regex entry that never matches, placed
      // first, leaves probing exactly as it was.
      SslhViews.Protocol p = protocol(context, s,
          ProbeRule.regex(timeoutTarget.name(), List.of(NEVER_MATCHES), OptionalInt.empty()),
          "demux.on-timeout", perProtocolTransparent);
      protocols.add(0, new SslhViews.Protocol(timeoutTarget.name(), p.name(), p.host(), p.port(), p.unix(),
          p.transparent(), p.sni(), p.alpn(), p.patterns(), p.minLength(), p.proxyProtocol(), p.maxConnections()));
      onTimeout = Probe.REGEX.id();
    }
    return new SslhViews.Config(s.name(), dialect == SslhDialect.V2,
        s.transparent() && dialect.globalTransparent(),
        demux.effectiveProbeTimeout(s.engine()).toSeconds(),
        onTimeout, listen(context, s), protocols);
  }

  /** The probe name whose first entry goes to {@code target}, if one does. */
  private static String onTimeout(Demux demux, Target target) {
    List<String> seen = new ArrayList<>();
    for (ProbeRule r : demux.rules()) {
      String name = r.probe().id();
      if (seen.contains(name)) {
        continue;
      }
      seen.add(name);
      if (r.target().name().equals(target.name())) {
        return name;
      }
    }
    return null;
  }

  private SslhViews.Protocol protocol(GenerationContext context, Service s, ProbeRule r, String field, boolean transparent) {
    BackendAddress a = context.address(s, r.target(), field);
    String host;
    String port;
    boolean unix = a instanceof BackendAddress.Unix;
    if (a instanceof BackendAddress.Unix u) {
      host = u.path().toString();
      port = "";
    } else {
      SocketEndpoint e = ((BackendAddress.Tcp) a).endpoint();
      host = IpLiterals.format(e.address());
      port = Integer.toString(e.port());
    }
    Integer proxy = s.proxyProtocol().send().map(v -> v == ProxyProtocolVersion.V1 ? 1 : 2).orElse(null);
    return new SslhViews.Protocol(null, r.probe().id(), host, port, unix, transparent,
        r.sni(), r.alpn(), r.patterns(), r.minLength().isPresent() ? r.minLength().getAsInt() : null, proxy,
        r.maxConnections().isPresent() ? r.maxConnections().getAsInt() : null);
  }

  private List<SslhViews.Listen> listen(GenerationContext context, Service s) {
    if (s.maxConnections().isPresent() && s.listen().size() > 1) {
      throw context.error(s, "max-connections",
          "sslh counts max_connections per listen address, and this service listens on " + s.listen().size(),
          "listen on one address, or let nginx or tproxy's runtime limit the connections");
    }
    boolean accept = s.proxyProtocol().accept();
    if (accept) {
      requireOnlyTrustedPeers(context, s);
    }
    Integer max = s.maxConnections().isPresent() ? s.maxConnections().getAsInt() : null;
    return s.listen().stream()
        .map(e -> new SslhViews.Listen(IpLiterals.format(e.address()), Integer.toString(e.port()), max, accept))
        .toList();
  }

  /**
   * sslh accepts a PROXY header from any peer. That is only as safe as the trusted list when
   * every listen address is one only trusted peers can reach: a loopback address with loopback
   * trusted.
   */
  private static void requireOnlyTrustedPeers(GenerationContext context, Service s) {
    List<IpPrefix> trusted = s.proxyProtocol().effectiveTrusted();
    for (SocketEndpoint e : s.listen()) {
      boolean onlyTrusted = e.address().isLoopbackAddress()
          && trusted.stream().anyMatch(p -> p.contains(e.address()));
      if (!onlyTrusted) {
        throw new GenerationException(s.name(), context.field(s, "proxy-protocol.trusted"),
            "sslh accepts a PROXY header from any peer and cannot restrict it to " + trusted
                + ", but it listens on " + e + ", where untrusted peers can connect",
            "listen on a loopback address only, or accept the PROXY protocol with nginx or tproxy's runtime");
      }
    }
  }

}
