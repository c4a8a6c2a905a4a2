package dev.tproxy.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * TLS 1.2 cipher suites by their OpenSSL names (what nginx's {@code ssl_ciphers} takes) mapped to
 * the IANA names Java's TLS providers use. TLS 1.3 suites are not configured through this list:
 * nginx's {@code ssl_ciphers} does not apply to TLS 1.3 and every engine keeps its defaults.
 */
public final class CipherSuites {

  private static final Map<String, String> OPENSSL_TO_IANA;
  private static final Set<String> TLS13 =
      Set.of("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
          "TLS_AES_128_CCM_SHA256", "TLS_AES_128_CCM_8_SHA256");

  /**
   * The default list when a service names none: Mozilla's "intermediate" profile without the DHE
   * suites (those need a dhparam file). Forward secret AEAD suites only.
   */
  public static final List<String> DEFAULT =
      List.of(
          "ECDHE-ECDSA-AES128-GCM-SHA256",
          "ECDHE-RSA-AES128-GCM-SHA256",
          "ECDHE-ECDSA-AES256-GCM-SHA384",
          "ECDHE-RSA-AES256-GCM-SHA384",
          "ECDHE-ECDSA-CHACHA20-POLY1305",
          "ECDHE-RSA-CHACHA20-POLY1305");

  static {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("ECDHE-ECDSA-AES128-GCM-SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
    m.put("ECDHE-RSA-AES128-GCM-SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
    m.put("ECDHE-ECDSA-AES256-GCM-SHA384", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384");
    m.put("ECDHE-RSA-AES256-GCM-SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384");
    m.put("ECDHE-ECDSA-CHACHA20-POLY1305", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256");
    m.put("ECDHE-RSA-CHACHA20-POLY1305", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");
    m.put("DHE-RSA-AES128-GCM-SHA256", "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256");
    m.put("DHE-RSA-AES256-GCM-SHA384", "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384");
    m.put("DHE-RSA-CHACHA20-POLY1305", "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256");
    m.put("ECDHE-ECDSA-AES128-SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256");
    m.put("ECDHE-RSA-AES128-SHA256", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256");
    m.put("ECDHE-ECDSA-AES256-SHA384", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384");
    m.put("ECDHE-RSA-AES256-SHA384", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384");
    m.put("ECDHE-ECDSA-AES128-SHA", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA");
    m.put("ECDHE-RSA-AES128-SHA", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA");
    m.put("ECDHE-ECDSA-AES256-SHA", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA");
    m.put("ECDHE-RSA-AES256-SHA", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA");
    m.put("DHE-RSA-AES128-SHA256", "TLS_DHE_RSA_WITH_AES_128_CBC_SHA256");
    m.put("DHE-RSA-AES256-SHA256", "TLS_DHE_RSA_WITH_AES_256_CBC_SHA256");
    m.put("AES128-GCM-SHA256", "TLS_RSA_WITH_AES_128_GCM_SHA256");
    m.put("AES256-GCM-SHA384", "TLS_RSA_WITH_AES_256_GCM_SHA384");
    m.put("AES128-SHA256", "TLS_RSA_WITH_AES_128_CBC_SHA256");
    m.put("AES256-SHA256", "TLS_RSA_WITH_AES_256_CBC_SHA256");
    m.put("AES128-SHA", "TLS_RSA_WITH_AES_128_CBC_SHA");
    m.put("AES256-SHA", "TLS_RSA_WITH_AES_256_CBC_SHA");
    OPENSSL_TO_IANA = Collections.unmodifiableMap(m);
  }

  private CipherSuites() {}

  /** The IANA (Java) name for an OpenSSL TLS 1.2 cipher name, if known. */
  public static Optional<String> ianaName(String opensslName) {
    return Optional.ofNullable(OPENSSL_TO_IANA.get(opensslName));
  }

  public static boolean isTls13Suite(String name) {
    return TLS13.contains(name);
  }

  /** Every OpenSSL name this table knows, in a stable order. */
  public static Set<String> knownOpensslNames() {
    return OPENSSL_TO_IANA.keySet();
  }
}
