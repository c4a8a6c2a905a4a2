package dev.tproxy.generate.internal.stunnel;

import dev.tproxy.generate.FileMode;
import dev.tproxy.generate.GeneratedFile;
import dev.tproxy.generate.internal.FileHeader;
import dev.tproxy.generate.internal.FileSource;
import dev.tproxy.generate.internal.GenerationContext;
import dev.tproxy.generate.internal.InstallLayout;
import dev.tproxy.model.BackendAddress;
import dev.tproxy.model.CertificateEntry;
import dev.tproxy.model.EngineKind;
import dev.tproxy.model.IpLiterals;
import dev.tproxy.model.Service;
import dev.tproxy.model.SocketEndpoint;
import dev.tproxy.model.TlsProtocol;
import dev.tproxy.model.TlsTerminate;
import dev.tproxy.model.VerifyMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One stunnel configuration per stunnel service, for Debian's {@code stunnel@NAME.service}
 * (which reads {@code /etc/stunnel/NAME.conf} and does not fork, hence {@code foreground}).
 */
public final class StunnelFiles implements FileSource {

  /** nginx's rule of thumb, "about 4000 sessions fit in one megabyte", turns bytes into entries. */
  private static final long SESSIONS_PER_MEBIBYTE = 4000;

  @Override
  public List<GeneratedFile> files(GenerationContext context) {
    List<GeneratedFile> files = new ArrayList<>();
    for (Service s : context.services(EngineKind.STUNNEL)) {
      context.requireFixedPorts(s);
      // Validation has refused every other stage for stunnel (EngineCapabilities).
      TlsTerminate tls = (TlsTerminate) s.stage();
      StunnelViews.Config view = new StunnelViews.Config(s.name(), s.transparent() ? null : "stunnel4",
          primary(context, s, tls), secondaries(context, s, tls));
      files.add(context.file(InstallLayout.STUNNEL + "/" + context.layout().stunnelConfigFile(s),
          "stunnel/stunnel.conf.stunnel.ftl", view, s, FileHeader.CommentStyle.SEMICOLON, FileMode.CONFIG));
    }
    return files;
  }

  private StunnelViews.Service primary(GenerationContext context, Service s, TlsTerminate tls) {
    CertificateEntry cert = tls.defaultCertificate();
    List<TlsProtocol> protocols = tls.effectiveProtocols();
    TlsProtocol min = protocols.stream().min(Enum::compareTo).orElseThrow();
    TlsProtocol max = protocols.stream().max(Enum::compareTo).orElseThrow();
    if (protocols.stream().distinct().count() != max.ordinal() - min.ordinal() + 1) {
      throw context.error(s, "tls-terminate.protocols", "stunnel sets a lowest and a highest TLS version, so "
          + protocols + " (with a gap) cannot be written", "list consecutive versions, e.g. [TLSv1.2, TLSv1.3]");
    }
    long cache = tls.session().cacheSize();
    Long entries = cache == 0 ? null : Math.max(1, cache * SESSIONS_PER_MEBIBYTE / (1L << 20));
    String verify = tls.clientAuth().verify() == VerifyMode.OFF ? null : tls.clientAuth().verify().id();
    return new StunnelViews.Service(
        s.listen().stream().map(StunnelFiles::address).toList(),
        connect(context, s),
        cert.certificate().toString(),
        cert.key().toString(),
        min.id(),
        max.id(),
        String.join(":", tls.effectiveCiphers()),
        entries,
        seconds(context, s, tls.session().timeout(), "tls-terminate.session.timeout"),
        tls.session().tickets(),
        verify,
        verify == null ? null : tls.clientAuth().ca().orElseThrow().toString(),
        s.transparent(),
        seconds(context, s, s.effectiveConnectTimeout(), "connect-timeout"),
        seconds(context, s, s.effectiveIdleTimeout(), "idle-timeout"),
        s.proxyProtocol().send().isPresent());
  }

  private List<StunnelViews.Secondary> secondaries(GenerationContext context, Service s, TlsTerminate tls) {
    List<StunnelViews.Secondary> result = new ArrayList<>();
    CertificateEntry fallback = tls.defaultCertificate();
    int n = 0;
    for (CertificateEntry e : tls.certificates()) {
      if (e == fallback) {
        continue;
      }
      n++;
      List<String> sni = e.serverNames().stream().map(name -> s.name() + ":" + name).toList();
      result.add(new StunnelViews.Secondary(s.name() + "-sni" + n, sni, connect(context, s),
          e.certificate().toString(), e.key().toString()));
    }
    return result;
  }

  private static String connect(GenerationContext context, Service s) {
    BackendAddress a = context.address(s, ((TlsTerminate) s.stage()).target(), "tls-terminate.target");
    if (a instanceof BackendAddress.Unix unix) {
      return unix.path().toString();
    }
    return address(((BackendAddress.Tcp) a).endpoint());
  }

  /** stunnel splits host and port at the last colon and wants IPv6 without brackets. */
  private static String address(SocketEndpoint e) {
    return IpLiterals.format(e.address()) + ":" + e.port();
  }

  private static long seconds(GenerationContext context, Service s, Duration d, String field) {
    if (d.toMillis() % 1000 != 0) {
      throw context.error(s, field, "stunnel counts whole seconds, not " + d.toMillis() + " ms",
          "write the timeout in seconds");
    }
    return d.toSeconds();
  }
}
