package dev.tproxy.model.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The topologies in the repository that the agreement test mutates: the examples and the other
 * modules' test topologies, with the placeholders of the hostile corpus and the fault run filled
 * in with their benign values.
 */
final class Corpus {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  static final List<String> FILES = List.of(
      "examples/quickstart/tproxy.yaml",
      "examples/proxytunnel-endpoint/tproxy.yaml",
      "config-model/src/test/resources/every-key.yaml",
      "templates/src/test/resources/features/dedicated.yaml",
      "templates/src/test/resources/features/fwmark.yaml",
      "templates/src/test/resources/hostile/base.yaml",
      "it/src/test/resources/compare/chain.yaml",
      "maven-plugin/src/it/broken-topology/tproxy.yaml",
      "maven-plugin/src/it/certs-quickstart/tproxy.yaml",
      "benchmarks/src/main/resources/faults/tproxy-forward.yaml",
      "benchmarks/src/main/resources/faults/tproxy-demux.yaml");

  /** HostileCorpusIT's benign values. */
  private static final Map<String, String> HOSTILE = Map.ofEntries(
      Map.entry("NAME", "hostile"), Map.entry("SERVICE", "front"), Map.entry("BACKEND", "sshd"),
      Map.entry("UNIX", "tproxy-hostile"), Map.entry("SNI_GLOB", "*.example.org"), Map.entry("ALPN_SSLH", "h2"),
      Map.entry("REGEX", "^HELLO"), Map.entry("SERVER_NAME", "a.example.org"), Map.entry("ALPN_NGINX", "h2"),
      Map.entry("CERT_PATH", "certs-term"), Map.entry("CERT_NAME", "b.example.org"),
      Map.entry("STUNNEL_PATH", "certs-stunnel"), Map.entry("ACL_PATH", "store"), Map.entry("USER", "nobody"),
      Map.entry("IFACE", "tproxy2"), Map.entry("TABLE", "tproxy-hostile"), Map.entry("ALIAS", "hostile-client"),
      Map.entry("CONNECT", "t1.example.org"), Map.entry("CLIENT_SNI", "t2.example.org"),
      Map.entry("PROXY", "proxy.example.net"), Map.entry("CLIENT_PATH", "tproxy"), Map.entry("ROOT", "/srv/hostile"));

  private Corpus() {}

  /** Each file's data, by its path in the repository. */
  static Map<String, JsonNode> documents() {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    int port = 20000;
    for (String f : FILES) {
      try {
        String text = Files.readString(ROOT.resolve(f), StandardCharsets.UTF_8);
        for (Map.Entry<String, String> e : HOSTILE.entrySet()) {
          text = text.replace("@@" + e.getKey() + "@@", e.getValue());
        }
        while (text.contains("{{")) { // the fault run's {{address}} placeholders
          int a = text.indexOf("{{");
          text = text.substring(0, a) + "127.0.0.1:" + port++ + text.substring(text.indexOf("}}", a) + 2);
        }
        out.put(f, Yaml12Tree.read(text, false));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return out;
  }
}
