package dev.tproxy.model.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Values near the edges of each kind of field, valid and not: where a schema and a hand-written
 * parser most easily disagree (leading zeros, IPv6 spellings, units, case, whitespace, lengths).
 */
final class TrickyValues {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private static final Map<String, List<String>> BY_KIND = Map.ofEntries(
      Map.entry("endpoint", List.of("127.0.0.1:0", "0.0.0.0:443", "[::]:443", "[::ffff:127.0.0.1]:80", "256.1.1.1:1",
          "1.2.3.4:65536", "1.2.3.4:65535", "01.2.3.4:1", "[1.2.3.4]:1", "example.org:443", "[fe80::1%eth0]:1",
          "1.2.3.4:", "[::1]:00443", "[1::2::3]:1", "[1:2:3:4:5:6:7:8::]:1", "[1:2:3:4:5:6:7::]:1", "[::1.2.3.4]:5",
          "[::ffff:0:0]:5", "127.1.2.3:80", "[0::1]:80", "[::0.0.0.1]:8", "[FD00::FFFE]:1", "1.2.3.4:000080",
          "[::1]:22 ", "[1:2:3:4:5:6:1.2.3.4]:9", "[::ffff:1.2.3.4]:9", "0.0.0.0:0", "[0:0:0:0:0:0:0:0]:1")),
      Map.entry("hostPort", List.of("proxy.example.net:3128", "a..b:1", "-a.b:1", "[::1]:443", "1.2.3.4:0", "host",
          "host:", "x:99999", "_svc.example:1", "example.org.:443", "a b:1", "[::ffff:1.2.3.4]:1", "[1.2.3.4]:1",
          "a:b:1", ":443", "é.example:1")),
      Map.entry("prefix", List.of("10.0.0.0/8", "10.0.0.0/33", "::/0", "fd00::/129", "10.0.0.1/008",
          "::ffff:10.0.0.1/128", "1.2.3.4/", "1.2.3.4/1234", "fd00::1", "10.0.0.1", "10.0.0.0 /8")),
      Map.entry("duration", List.of("0s", "00ms", "1000ms", "1500ms", "500ms", "999999999d", "1234567890s", "5 s",
          " 5s", "5s ", "5S", "5sec", "1h30m", "-5s", "5", "07s", "2000ms")),
      Map.entry("version", List.of("1.20", "2.3.1", "2", "1.2.3.4", "01.20", "12345.1", "1.", "v1.2", "1.20 ", "2.2.1",
          "1.11.4", "1.31.4", "0", "1.21", "1.22", "2.0", "1.12", "1.11", "2.2", "2.1")),
      Map.entry("hostPath", List.of("/etc/x.pem", "relative/x.pem", "", "/a/../b", "../up.pem", "/etc/$x",
          "/etc/x\u0007", "/" + "c".repeat(256), "~/x.pem", "/etc/\u202ex", "//", "/", "/a/..", "a/../b",
          "/a//../b", "/etc/é.pem")),
      Map.entry("clientPath", List.of("~/.ssh/c.pem", "/abs/c.pem", "rel/c.pem", "~/", "~", "~user/x", "/a\"b", "/a%b",
          "/a\\b", "~//x", "")),
      Map.entry("serverName", List.of("a.example.org", "*.example.org", "*", "a.*.org", "A.Example.ORG", "-a.org",
          "a_b.org", "x".repeat(64) + ".org", "a..b", "a.org.", "", "*.", "é.org")),
      Map.entry("hostName", List.of("a.example.org", "a.org.", "*.a.org", "a..b", "", "-x", "1.2.3.4")),
      Map.entry("serverNameGlob", List.of("*.example.org", "[ab].example.org", "[.example.org", "a].org", "?.org", "*",
          "[]].org", "A.ORG", "a..org")),
      Map.entry("alpnId", List.of("h2", "http/1.1", "acme-tls/1", "h 2", "", "x".repeat(65), "h*")),
      Map.entry("alpnGlob", List.of("h*", "http/[12]*", "[h2", "h2]", "h 2", "")),
      Map.entry("regex", List.of("^SSH-", "(", "", "a\u0000", "x".repeat(4001), "[a-z]+", "\\d{3}", "a\nb")),
      Map.entry("name", List.of("sshd", "Sshd", "1abc", "a".repeat(48), "a".repeat(49), "-a", "a b", "1e3", "0x1f",
          "yes", "null", "123", "a.b", "")),
      Map.entry("cipher", List.of("ECDHE-RSA-AES128-GCM-SHA256", "TLS_AES_128_GCM_SHA256", "HIGH", "!aNULL",
          "ecdhe-rsa-aes128-gcm-sha256")),
      Map.entry("interface", List.of("tproxy0", "lo", "0eth", "a".repeat(15), "a".repeat(16), "eth 0", "eth/0")),
      Map.entry("users", List.of("www-data", "Debian-exim", "1user", "_u", "a".repeat(33), "a b")),
      Map.entry("host", List.of("alias", "a.b-c_d", ".x", "x".repeat(64), "a b", "-x")),
      Map.entry("table.name", List.of("tproxy", "main", "local", "Main", "1t", "a".repeat(32), "t-1_x")),
      Map.entry("size", List.of("16k", "16K", "10m", "off", "OFF", "0", "63", "64", "0k", "1g", "1234567890",
          "999999999m", " 16k")));

  private TrickyValues() {}

  /** Tricky strings for a definition or a property name; empty when none are known. */
  static List<JsonNode> strings(String kind) {
    List<JsonNode> out = new ArrayList<>();
    BY_KIND.getOrDefault(kind == null ? "" : kind, List.of()).forEach(s -> out.add(F.textNode(s)));
    return out;
  }

  /** Whole numbers at the edges of the schema's limits, and numbers that are not whole. */
  static List<JsonNode> numbers() {
    List<JsonNode> out = new ArrayList<>();
    for (long n : new long[] {0, 1, -1, 63, 64, 252, 253, 255, 256, 999_999_999L, 1_000_000_000L, 2147483647L,
        2147483648L, 4294967295L, 4294967296L}) {
      out.add(F.numberNode(BigInteger.valueOf(n)));
    }
    out.add(F.numberNode(new BigDecimal("1.0")));
    out.add(F.numberNode(new BigDecimal("2.5")));
    out.add(F.numberNode(new BigDecimal("1E+2")));
    return out;
  }

  /** The same value as another JSON type, as a YAML writer might have meant it. */
  static List<JsonNode> otherTypes(JsonNode v) {
    List<JsonNode> out = new ArrayList<>();
    if (v.isTextual()) {
      String s = v.textValue();
      out.add(F.textNode(" " + s));
      out.add(F.textNode(s + " "));
      out.add(F.textNode(s.toUpperCase(Locale.ROOT)));
      out.add(F.textNode(s + "\n"));
      out.add(F.numberNode(BigInteger.TWO));
      out.add(F.booleanNode(true));
    } else if (v.isNumber()) {
      out.add(F.textNode(v.asText()));
      out.add(F.numberNode(new BigDecimal(v.asText() + ".0")));
    } else if (v.isBoolean()) {
      out.add(F.textNode(v.asText()));
      out.add(F.textNode(v.booleanValue() ? "yes" : "no"));
      out.add(F.textNode(v.booleanValue() ? "on" : "off"));
      out.add(F.numberNode(BigInteger.ONE));
    }
    out.add(F.nullNode());
    out.add(F.arrayNode());
    out.add(F.objectNode());
    if (!v.isArray()) {
      out.add(F.arrayNode().add(v.deepCopy()));
    }
    return out;
  }
}
