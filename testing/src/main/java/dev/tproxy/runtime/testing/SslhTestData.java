package dev.tproxy.runtime.testing;

import dev.tproxy.model.Probe;
import dev.tproxy.model.ProbeRule;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalInt;

/**
 * The first bytes sslh's own test suite sends for each probe (sslh v2.3.1, {@code t} and
 * {@code t_old}: {@code %protocols}), written here as the Perl string literals they are there.
 * The TLS hellos were captured by sslh's author with {@code openssl s_client -alpn alpn1
 * -servername sni1}; {@code $sni} and {@code $alpn} stand for a 4-letter server name and a
 * 5-letter ALPN protocol, as in sslh's test.cfg.
 */
public final class SslhTestData {
  /** The rules of sslh's own test configuration (test.cfg), in its order. */
  public static final List<ProbeRule> TEST_CFG = List.of(
      ProbeRule.of(Probe.SSH, "ssh"),
      ProbeRule.of(Probe.SOCKS5, "socks5"),
      ProbeRule.of(Probe.HTTP, "http"),
      ProbeRule.of(Probe.TINC, "tinc"),
      ProbeRule.of(Probe.OPENVPN, "openvpn"),
      ProbeRule.of(Probe.XMPP, "xmpp"),
      ProbeRule.of(Probe.ADB, "adb"),
      ProbeRule.of(Probe.SYSLOG, "syslog"),
      ProbeRule.regex("regex", List.of("^foo", "^bar"), OptionalInt.of(4)),
      ProbeRule.tls("tls:sni1;alpn1,alpn2", List.of("sni1"), List.of("alpn1", "alpn2")),
      ProbeRule.tls("tls:sni2,sni3;alpn1,alpn2", List.of("sni2", "sni3"), List.of("alpn1", "alpn2")),
      ProbeRule.tls("tls:;alpn3", List.of(), List.of("alpn3")),
      ProbeRule.tls("tls:sni3;", List.of("sni3"), List.of()),
      ProbeRule.tls("tls", List.of(), List.of()),
      ProbeRule.of(Probe.ANYPROT, "anyprot"));

  private SslhTestData() {}

  public static final byte[] SSH = perl("SSH-2.0 tester");
  public static final byte[] SOCKS5 = perl("\\x05\\x04\\x01\\x02\\x03\\x04");
  public static final byte[] HTTP = perl("GET index.html HTTP/1.1");
  public static final byte[] OPENVPN = perl("\\x00\\x00");
  public static final byte[] SYSLOG = perl("<42> My syslog message");
  public static final byte[] TINC = perl("0 hello");
  public static final byte[] XMPP = perl("I should get a real jabber connection initialisation here");
  public static final byte[] ADB = perl("CNXN....................host:...");
  public static final byte[] ANYPROT = perl(
      "hello anyprot this needs to be longer than xmpp and adb which expect about 50 characters, which I all have to write before the timeout!");

  private static final String TLS_SNI_ALPN =
      "\\x16\\x03\\x01\\x00\\xc4\\x01\\x00\\x00\\xc0\\x03\\x03\\x03\\x19\\x01\\x00\\x40\\x14\\x13\\xcc\\x1b\\x94\\xad\\x20\\x5d\\x13\\x1a\\x8d\\xd2\\x65\\x23\\x70\\xde\\xd1\\x3c\\x5d\\x05\\x19\\xcb\\x27\\x0d\\x7c\\x2c\\x89\\x00\\x00\\x38\\xc0\\x2c\\xc0\\x30\\x00\\x9f\\xcc\\xa9\\xcc\\xa8\\xcc\\xaa\\xc0\\x2b\\xc0\\x2f\\x00\\x9e\\xc0\\x24\\xc0\\x28\\x00\\x6b\\xc0\\x23\\xc0\\x27\\x00\\x67\\xc0\\x0a\\xc0\\x14\\x00\\x39\\xc0\\x09\\xc0\\x13\\x00\\x33\\x00\\x9d\\x00\\x9c\\x00\\x3d\\x00\\x3c\\x00\\x35\\x00\\x2f\\x00\\xff\\x01\\x00\\x00\\x5f\\x00\\x00\\x00\\x09\\x00\\x07\\x00\\x00\\x04$sni\\x00\\x0b\\x00\\x04\\x03\\x00\\x01\\x02\\x00\\x0a\\x00\\x0a\\x00\\x08\\x00\\x1d\\x00\\x17\\x00\\x19\\x00\\x18\\x00\\x23\\x00\\x00\\x00\\x0d\\x00\\x20\\x00\\x1e\\x06\\x01\\x06\\x02\\x06\\x03\\x05\\x01\\x05\\x02\\x05\\x03\\x04\\x01\\x04\\x02\\x04\\x03\\x03\\x01\\x03\\x02\\x03\\x03\\x02\\x01\\x02\\x02\\x02\\x03\\x00\\x10\\x00\\x08\\x00\\x06\\x05$alpn\\x00\\x16\\x00\\x00\\x00\\x17\\x00\\x00hello sni/alpn";
  private static final String TLS_SNI =
      "\\x16\\x03\\x01\\x00\\xb8\\x01\\x00\\x00\\xb4\\x03\\x03\\x97\\xe4\\xe9\\xad\\x86\\xe1\\x21\\xfd\\xc4\\x5b\\x27\\x0e\\xad\\x4b\\x55\\xc2\\x50\\xe4\\x1c\\x86\\x2f\\x37\\x25\\xde\\xe8\\x9c\\x59\\xfc\\x1b\\xa9\\x37\\x32\\x00\\x00\\x38\\xc0\\x2c\\xc0\\x30\\x00\\x9f\\xcc\\xa9\\xcc\\xa8\\xcc\\xaa\\xc0\\x2b\\xc0\\x2f\\x00\\x9e\\xc0\\x24\\xc0\\x28\\x00\\x6b\\xc0\\x23\\xc0\\x27\\x00\\x67\\xc0\\x0a\\xc0\\x14\\x00\\x39\\xc0\\x09\\xc0\\x13\\x00\\x33\\x00\\x9d\\x00\\x9c\\x00\\x3d\\x00\\x3c\\x00\\x35\\x00\\x2f\\x00\\xff\\x01\\x00\\x00\\x53\\x00\\x00\\x00\\x09\\x00\\x07\\x00\\x00\\x04$sni\\x00\\x0b\\x00\\x04\\x03\\x00\\x01\\x02\\x00\\x0a\\x00\\x0a\\x00\\x08\\x00\\x1d\\x00\\x17\\x00\\x19\\x00\\x18\\x00\\x23\\x00\\x00\\x00\\x0d\\x00\\x20\\x00\\x1e\\x06\\x01\\x06\\x02\\x06\\x03\\x05\\x01\\x05\\x02\\x05\\x03\\x04\\x01\\x04\\x02\\x04\\x03\\x03\\x01\\x03\\x02\\x03\\x03\\x02\\x01\\x02\\x02\\x02\\x03\\x00\\x16\\x00\\x00\\x00\\x17\\x00\\x00hello sni";
  private static final String TLS_ALPN =
      "\\x16\\x03\\x01\\x00\\xb7\\x01\\x00\\x00\\xb3\\x03\\x03\\xe2\\x90\\xa2\\x29\\x03\\x31\\xad\\x98\\x44\\x51\\x54\\x90\\x5b\\xd9\\x51\\x0e\\x66\\xb5\\x3f\\xe8\\x8b\\x09\\xc9\\xe4\\x2b\\x97\\x24\\xef\\xad\\x56\\x06\\xc9\\x00\\x00\\x38\\xc0\\x2c\\xc0\\x30\\x00\\x9f\\xcc\\xa9\\xcc\\xa8\\xcc\\xaa\\xc0\\x2b\\xc0\\x2f\\x00\\x9e\\xc0\\x24\\xc0\\x28\\x00\\x6b\\xc0\\x23\\xc0\\x27\\x00\\x67\\xc0\\x0a\\xc0\\x14\\x00\\x39\\xc0\\x09\\xc0\\x13\\x00\\x33\\x00\\x9d\\x00\\x9c\\x00\\x3d\\x00\\x3c\\x00\\x35\\x00\\x2f\\x00\\xff\\x01\\x00\\x00\\x52\\x00\\x0b\\x00\\x04\\x03\\x00\\x01\\x02\\x00\\x0a\\x00\\x0a\\x00\\x08\\x00\\x1d\\x00\\x17\\x00\\x19\\x00\\x18\\x00\\x23\\x00\\x00\\x00\\x0d\\x00\\x20\\x00\\x1e\\x06\\x01\\x06\\x02\\x06\\x03\\x05\\x01\\x05\\x02\\x05\\x03\\x04\\x01\\x04\\x02\\x04\\x03\\x03\\x01\\x03\\x02\\x03\\x03\\x02\\x01\\x02\\x02\\x02\\x03\\x00\\x10\\x00\\x08\\x00\\x06\\x05$alpn\\x00\\x16\\x00\\x00\\x00\\x17\\x00\\x00hello alpn";
  private static final String TLS_PLAIN =
      "\\x16\\x03\\x01\\x00\\xab\\x01\\x00\\x00\\xa7\\x03\\x03\\x89\\x22\\x33\\x95\\x43\\x7a\\xc3\\x89\\x45\\x51\\x12\\x3c\\x28\\x24\\x1b\\x6a\\x78\\xbf\\xbe\\x95\\xd8\\x90\\x58\\xd7\\x65\\xf7\\xbb\\x2d\\xb2\\x8d\\xa0\\x75\\x00\\x00\\x38\\xc0\\x2c\\xc0\\x30\\x00\\x9f\\xcc\\xa9\\xcc\\xa8\\xcc\\xaa\\xc0\\x2b\\xc0\\x2f\\x00\\x9e\\xc0\\x24\\xc0\\x28\\x00\\x6b\\xc0\\x23\\xc0\\x27\\x00\\x67\\xc0\\x0a\\xc0\\x14\\x00\\x39\\xc0\\x09\\xc0\\x13\\x00\\x33\\x00\\x9d\\x00\\x9c\\x00\\x3d\\x00\\x3c\\x00\\x35\\x00\\x2f\\x00\\xff\\x01\\x00\\x00\\x46\\x00\\x0b\\x00\\x04\\x03\\x00\\x01\\x02\\x00\\x0a\\x00\\x0a\\x00\\x08\\x00\\x1d\\x00\\x17\\x00\\x19\\x00\\x18\\x00\\x23\\x00\\x00\\x00\\x0d\\x00\\x20\\x00\\x1e\\x06\\x01\\x06\\x02\\x06\\x03\\x05\\x01\\x05\\x02\\x05\\x03\\x04\\x01\\x04\\x02\\x04\\x03\\x03\\x01\\x03\\x02\\x03\\x03\\x02\\x01\\x02\\x02\\x02\\x03\\x00\\x16\\x00\\x00\\x00\\x17\\x00\\x00hello tls alone";

  /** sslh's TLS hello with SNI and ALPN ({@code data_sni_alpn}). */
  public static byte[] tlsSniAlpn(String sni, String alpn) {
    return perl(TLS_SNI_ALPN.replace("$sni", check(sni, 4)).replace("$alpn", check(alpn, 5)));
  }

  /** sslh's TLS hello with SNI only ({@code data_sni}). */
  public static byte[] tlsSni(String sni) {
    return perl(TLS_SNI.replace("$sni", check(sni, 4)));
  }

  /** sslh's TLS hello with ALPN only ({@code data_alpn}). */
  public static byte[] tlsAlpn(String alpn) {
    return perl(TLS_ALPN.replace("$alpn", check(alpn, 5)));
  }

  /** sslh's TLS hello without SNI or ALPN ({@code data}, also {@code $ssl_test_data}). */
  public static byte[] tlsPlain() {
    return perl(TLS_PLAIN);
  }

  private static String check(String value, int length) {
    if (value.length() != length) {
      throw new IllegalArgumentException("sslh's captured hello has room for exactly " + length + " characters");
    }
    return value;
  }

  /** Decodes a Perl double-quoted literal with {@code \xNN} escapes. */
  static byte[] perl(String literal) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < literal.length(); i++) {
      char c = literal.charAt(i);
      if (c == '\\' && i + 3 < literal.length() && literal.charAt(i + 1) == 'x') {
        out.write(Integer.parseInt(literal.substring(i + 2, i + 4), 16));
        i += 3;
      } else {
        byte[] b = String.valueOf(c).getBytes(StandardCharsets.ISO_8859_1);
        out.write(b, 0, b.length);
      }
    }
    return out.toByteArray();
  }
}
