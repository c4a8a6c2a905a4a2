package dev.tproxy.model.internal.validate;

import dev.tproxy.model.CertificateAccess;
import dev.tproxy.model.Topology;

/** Certificate stores and the system users that read them. */
final class CertificateAccessRules {

  void check(Topology t, Findings f) {
    CertificateAccess a = t.certificateAccess();
    if (a.isEmpty()) {
      return;
    }
    if (a.paths().isEmpty()) {
      f.error("certificate-access.paths", "no certificate store is named", "e.g. paths: [/etc/letsencrypt/live, /etc/letsencrypt/archive]");
    }
    if (a.users().isEmpty()) {
      f.error("certificate-access.users", "no user is named", "e.g. users: [www-data]");
    }
    for (int k = 0; k < a.paths().size(); k++) {
      String p = Paths.index("certificate-access.paths", k);
      Texts.checkPath(p, a.paths().get(k), f);
      if (a.paths().get(k) != null && a.paths().get(k).getNameCount() == 0) {
        f.error(p, "granting access to / is never what you want", "name the certificate directories");
      }
    }
    for (int k = 0; k < a.users().size(); k++) {
      String u = a.users().get(k);
      if (u == null || !Texts.USER.matcher(u).matches()) {
        f.error(Paths.index("certificate-access.users", k), Texts.quote(String.valueOf(u)) + " is not a user name",
            "a system user such as www-data or Debian-exim");
      }
    }
  }
}
