package dev.tproxy.model.internal.validate;

import dev.tproxy.model.CertificateEntry;
import dev.tproxy.model.CipherSuites;
import dev.tproxy.model.TlsProtocol;
import dev.tproxy.model.TlsTerminate;
import dev.tproxy.model.VerifyMode;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** A tls-terminate stage: certificates, protocols, ciphers, sessions and client verification. */
final class TlsRules {

  void check(String base, TlsTerminate tls, Findings f) {
    StageRules.requireTarget(Paths.field(base, "target"), tls.target(), f);
    certificates(base, tls, f);

    String protocols = Paths.field(base, "protocols");
    for (int k = 0; k < tls.protocols().size(); k++) {
      TlsProtocol p = tls.protocols().get(k);
      if (p != null && p.isDeprecated()) {
        f.warning(Paths.index(protocols, k), p.id() + " is deprecated (RFC 8996)",
            "offer TLSv1.2 and TLSv1.3 only unless a client cannot do without it");
      }
    }

    String ciphers = Paths.field(base, "ciphers");
    for (int k = 0; k < tls.ciphers().size(); k++) {
      String c = tls.ciphers().get(k);
      String p = Paths.index(ciphers, k);
      if (c == null) {
        continue;
      }
      if (CipherSuites.isTls13Suite(c)) {
        f.error(p, c + " is a TLS 1.3 suite",
            "ciphers configures TLS 1.2 and lower (nginx ssl_ciphers); TLS 1.3 suites stay at their defaults - remove it");
      } else if (CipherSuites.ianaName(c).isEmpty()) {
        String hint = CipherSuites.knownOpensslNames().stream()
            .filter(n -> n.replace("-", "_").equalsIgnoreCase(c.replace("-", "_").replace("TLS_", "")))
            .findFirst()
            .map(n -> "did you mean " + n + "?")
            .orElse("write OpenSSL cipher names one per entry, e.g. ECDHE-RSA-AES128-GCM-SHA256;"
                + " keywords like HIGH or !aNULL are not accepted because the runtime cannot realise them exactly");
        f.error(p, "unknown cipher " + Texts.quote(c), hint);
      }
    }

    StageRules.positive(Paths.field(Paths.field(base, "session"), "timeout"), tls.session().timeout(), f);
    if (tls.session().cacheSize() < 0) {
      f.error(Paths.field(Paths.field(base, "session"), "cache"), "the cache size cannot be negative", "write off or a size such as 10m");
    }

    String auth = Paths.field(base, "client-auth");
    if (tls.clientAuth().verify() != VerifyMode.OFF && tls.clientAuth().ca().isEmpty()) {
      f.error(Paths.field(auth, "ca"),
          "client verification (" + tls.clientAuth().verify().id() + ") needs the CA that signs client certificates",
          "add ca: /path/to/ca.pem; `tproxy certs` can create a development CA");
    }
    if (tls.clientAuth().verify() == VerifyMode.OFF && tls.clientAuth().ca().isPresent()) {
      f.warning(Paths.field(auth, "ca"), "the CA is not used while verify is off", "set verify: on or optional, or remove ca");
    }
    tls.clientAuth().ca().ifPresent(ca -> Texts.checkPath(Paths.field(auth, "ca"), ca, f));
  }

  private void certificates(String base, TlsTerminate tls, Findings f) {
    String certs = Paths.field(base, "certificates");
    if (tls.certificates().isEmpty()) {
      f.error(certs, "a tls-terminate stage needs a certificate",
          "add certificates: [{certificate: /path/fullchain.pem, key: /path/privkey.pem}];"
              + " `tproxy certs` creates development certificates");
      return;
    }
    String firstDefault = null;
    Map<String, String> names = new HashMap<>();
    for (int k = 0; k < tls.certificates().size(); k++) {
      CertificateEntry e = tls.certificates().get(k);
      String p = Paths.index(certs, k);
      if (e == null) {
        continue;
      }
      if (e.certificate() == null) {
        f.error(Paths.field(p, "certificate"), "the certificate file is missing", "");
      }
      if (e.key() == null) {
        f.error(Paths.field(p, "key"), "the key file is missing", "");
      }
      Texts.checkPath(Paths.field(p, "certificate"), e.certificate(), f);
      Texts.checkPath(Paths.field(p, "key"), e.key(), f);
      e.passwordFile().ifPresent(pw -> Texts.checkPath(Paths.field(p, "password-file"), pw, f));
      if (e.isDefault()) {
        if (firstDefault != null) {
          f.error(p, "a second default certificate (the first is " + firstDefault + ")",
              "only one entry may leave out server-names: it is used when the client's name matches no other entry");
        } else {
          firstDefault = p;
        }
      }
      for (int m = 0; m < e.serverNames().size(); m++) {
        String name = e.serverNames().get(m);
        String np = Paths.index(Paths.field(p, "server-names"), m);
        if (name == null || !Texts.SERVER_NAME_PATTERN.matcher(name).matches()) {
          f.error(np, Texts.quote(String.valueOf(name)) + " is not a server name",
              "write a host name (t1.example.org) or a wildcard for its subdomains (*.example.org)");
          continue;
        }
        String earlier = names.putIfAbsent(name.toLowerCase(Locale.ROOT), np);
        if (earlier != null) {
          f.error(np, "\"" + name + "\" already has a certificate at " + earlier, "");
        }
      }
    }
  }
}
