package dev.tproxy.generate.internal.nginx;

import dev.tproxy.generate.internal.GenerationContext;
import dev.tproxy.generate.internal.syntax.NginxSyntax;
import dev.tproxy.generate.internal.syntax.SyntaxOutputFormat;
import dev.tproxy.model.BackendAddress;
import dev.tproxy.model.CertificateEntry;
import dev.tproxy.model.Durations;
import dev.tproxy.model.Forward;
import dev.tproxy.model.IpPrefix;
import dev.tproxy.model.ProxyProtocolVersion;
import dev.tproxy.model.Service;
import dev.tproxy.model.SniRoute;
import dev.tproxy.model.SniRule;
import dev.tproxy.model.Target;
import dev.tproxy.model.TlsProtocol;
import dev.tproxy.model.TlsTerminate;
import dev.tproxy.model.VerifyMode;
import dev.tproxy.model.Version;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/** Turns each nginx service into the view of one stream {@code server} and its maps. */
final class NginxServers {
  /** stream ssl_certificate with variables (nginx source history, commit for 1.15.9). */
  private static final Version CERTIFICATE_VARIABLES = new Version(1, 15, 9);
  /** $ssl_preread_alpn_protocols. */
  private static final Version PREREAD_ALPN = new Version(1, 13, 10);
  /** ssl_preread itself. */
  private static final Version PREREAD = new Version(1, 11, 5);

  /** ALPN ids as validation lets them through; anything else never reaches a regex. */
  private static final Pattern ALPN_ID = Pattern.compile("[A-Za-z0-9._/+-]{1,64}");

  private final GenerationContext context;
  private final NginxNames names;

  NginxServers(GenerationContext context, NginxNames names) {
    this.context = context;
    this.names = names;
  }

  NginxViews.Server server(Service s) {
    context.requireFixedPorts(s);
    List<NginxViews.NginxMap> maps = new ArrayList<>();
    boolean preread = false;
    Object proxyPass;
    NginxViews.Tls tls;
    if (s.stage() instanceof SniRoute route) {
      preread = true;
      proxyPass = sniRoute(s, route, maps);
      tls = null;
    } else if (s.stage() instanceof TlsTerminate terminate) {
      tls = tls(s, terminate, maps);
      proxyPass = target(s, terminate.target(), "tls-terminate.target");
    } else if (s.stage() instanceof Forward forward) {
      proxyPass = target(s, forward.target(), "forward.target");
      tls = null;
    } else {
      throw context.error(s, "engine", "nginx cannot realise a " + s.stage().kind() + " stage", "");
    }
    boolean accept = s.proxyProtocol().accept();
    boolean ssl = tls != null;
    List<NginxViews.Listen> listen = s.listen().stream()
        .map(e -> new NginxViews.Listen(e.toString(), ssl, accept))
        .toList();
    NginxViews.Limit limit = s.maxConnections().isPresent()
        ? new NginxViews.Limit(names.name(s, ""), names.name(s, "_connections"), s.maxConnections().getAsInt())
        : null;
    // Behind a PROXY header the client is the address in the header; nginx keeps it in
    // $proxy_protocol_addr. The realip module is not used: it would also rewrite the address
    // allow/deny check, which must stay the peer that sent the header.
    Object bind = s.transparent()
        ? NginxNames.builtIn(accept ? "proxy_protocol_addr" : "remote_addr")
        : null;
    String send = s.proxyProtocol().send()
        .map(v -> v == ProxyProtocolVersion.V2 ? "v2" : "on")
        .orElse(null);
    List<String> allow = accept
        ? s.proxyProtocol().effectiveTrusted().stream().map(IpPrefix::toString).toList()
        : List.of();
    // Written only when the topology sets them: nginx's defaults are the model's.
    String proxyTimeout = accept ? s.proxyProtocol().timeout().map(Durations::format).orElse(null) : null;
    SniRoute route = s.stage() instanceof SniRoute r ? r : null;
    String prereadTimeout = route == null ? null : route.prereadTimeout().map(Durations::format).orElse(null);
    String prereadBuffer = route == null || route.prereadBuffer().isEmpty() ? null : size(route.prereadBuffer().getAsInt());
    return new NginxViews.Server(
        s.name(), s.stage().kind().id(), listen, maps, limit, preread, proxyPass, bind,
        Durations.format(s.effectiveConnectTimeout()), Durations.format(s.effectiveIdleTimeout()),
        send, s.halfClose(), allow, proxyTimeout, prereadTimeout, prereadBuffer, tls);
  }

  /**
   * An nginx map resolves an exact name first, then the longest wildcard, whatever the order
   * (with {@code hostnames}); names that match nothing fall to the default, which is the ALPN
   * map when there are ALPN routes: the semantics of an sni-route stage.
   */
  private Object sniRoute(Service s, SniRoute route, List<NginxViews.NginxMap> maps) {
    requireVersion(s, PREREAD, "sni-route", "routing by server name (ssl_preread)");
    List<NginxViews.Entry> byName = new ArrayList<>();
    List<NginxViews.Entry> byAlpn = new ArrayList<>();
    for (int k = 0; k < route.rules().size(); k++) {
      SniRule rule = route.rules().get(k);
      String field = "sni-route.rules[" + k + "].target";
      String address = target(s, rule.target(), field);
      for (String name : rule.serverNames()) {
        byName.add(new NginxViews.Entry(SyntaxOutputFormat.NGINX.markup(NginxSyntax.mapKey(name)), address));
      }
      if (!rule.alpn().isEmpty()) {
        requireVersion(s, PREREAD_ALPN, "sni-route.rules[" + k + "].alpn", "routing by ALPN ($ssl_preread_alpn_protocols)");
        byAlpn.add(new NginxViews.Entry(alpnRegex(rule.alpn()), address));
      }
    }
    String fallback = target(s, route.defaultTarget(), "sni-route.default");
    Object byNameDefault = fallback;
    if (!byAlpn.isEmpty()) {
      byNameDefault = names.variable(s, "_alpn");
      maps.add(new NginxViews.NginxMap(NginxNames.builtIn("ssl_preread_alpn_protocols"),
          byNameDefault, false, fallback, byAlpn));
    }
    maps.add(0, new NginxViews.NginxMap(NginxNames.builtIn("ssl_preread_server_name"),
        names.variable(s, "_target"), true, byNameDefault, byName));
    return names.variable(s, "_target");
  }

  /**
   * {@code ~(^|,)(h2|http/1\.1)(,|$)}: one of the protocols in the comma-separated list nginx
   * reads from the ClientHello. Map regexes are tried in order, so the first rule wins.
   */
  private static Object alpnRegex(List<String> protocols) {
    List<String> escaped = new ArrayList<>();
    for (String p : protocols) {
      if (!ALPN_ID.matcher(p).matches()) {
        throw new IllegalStateException("ALPN id not validated: " + p);
      }
      escaped.add(p.replace(".", "\\.").replace("+", "\\+"));
    }
    String regex = "~(^|,)(" + String.join("|", escaped) + ")(,|$)";
    // Built from validated ids only, so the $ anchor is the only $ in it; map source values are
    // never expanded as variables.
    return SyntaxOutputFormat.NGINX.markup('"' + regex.replace("\\", "\\\\") + '"');
  }

  /**
   * Certificates by the name the client asked for. Inside a {@code listen ... ssl} server the
   * preread variable is still empty when the certificate is chosen, so the map reads
   * {@code $ssl_server_name}. One certificate needs no map (and nginx then loads it at start).
   */
  private NginxViews.Tls tls(Service s, TlsTerminate t, List<NginxViews.NginxMap> maps) {
    Object certificate;
    Object key;
    if (t.certificates().size() == 1) {
      certificate = t.certificates().get(0).certificate().toString();
      key = t.certificates().get(0).key().toString();
    } else {
      requireVersion(s, CERTIFICATE_VARIABLES, "tls-terminate.certificates",
          "choosing the certificate by server name (variables in ssl_certificate)");
      CertificateEntry fallback = t.defaultCertificate();
      List<NginxViews.Entry> certs = new ArrayList<>();
      List<NginxViews.Entry> keys = new ArrayList<>();
      for (CertificateEntry e : t.certificates()) {
        for (String name : e.serverNames()) {
          Object k = SyntaxOutputFormat.NGINX.markup(NginxSyntax.mapKey(name));
          certs.add(new NginxViews.Entry(k, e.certificate().toString()));
          keys.add(new NginxViews.Entry(k, e.key().toString()));
        }
      }
      certificate = names.variable(s, "_certificate");
      key = names.variable(s, "_certificate_key");
      maps.add(new NginxViews.NginxMap(NginxNames.builtIn("ssl_server_name"), certificate, true,
          fallback.certificate().toString(), certs));
      maps.add(new NginxViews.NginxMap(NginxNames.builtIn("ssl_server_name"), key, true,
          fallback.key().toString(), keys));
    }
    // One ssl_password_file serves every key of a server; keys without a passphrase ignore it.
    List<Path> passwords = t.certificates().stream().map(CertificateEntry::passwordFile)
        .flatMap(Optional::stream).distinct().toList();
    if (passwords.size() > 1) {
      throw context.error(s, "tls-terminate.certificates",
          "the certificates name different password files, and nginx takes one ssl_password_file per server",
          "give every encrypted key of this service the same password file");
    }
    String passwordFile = passwords.isEmpty() ? null : passwords.get(0).toString();
    long cache = t.session().cacheSize();
    String verify = t.clientAuth().verify() == VerifyMode.OFF ? null : t.clientAuth().verify().id();
    return new NginxViews.Tls(
        certificate, key, passwordFile,
        t.effectiveProtocols().stream().map(TlsProtocol::id).toList(),
        String.join(":", t.effectiveCiphers()),
        cache == 0 ? null : names.name(s, "_sessions"),
        size(cache),
        Durations.format(t.session().timeout()),
        t.session().tickets(),
        verify,
        verify == null ? null : t.clientAuth().ca().map(Path::toString).orElse(null),
        t.handshakeTimeout().map(Durations::format).orElse(null));
  }

  private void requireVersion(Service s, Version since, String field, String feature) {
    if (!s.engine().version().isAtLeast(since)) {
      throw context.error(s, field, "nginx " + s.engine().version() + " lacks " + feature + ", which arrived in " + since,
          "set engine-version to the nginx you run, if it is " + since + " or later");
    }
  }

  private String target(Service s, Target target, String field) {
    BackendAddress a = context.address(s, target, field);
    if (a instanceof BackendAddress.Unix unix) {
      return "unix:" + unix.path();
    }
    return Objects.toString(a);
  }

  /** nginx sizes: {@code 10m}, {@code 512k}, or bytes. */
  static String size(long bytes) {
    if (bytes > 0 && bytes % (1L << 20) == 0) {
      return bytes / (1L << 20) + "m";
    }
    if (bytes > 0 && bytes % 1024 == 0) {
      return bytes / 1024 + "k";
    }
    return Long.toString(bytes);
  }
}
