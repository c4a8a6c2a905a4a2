package dev.tproxy.generate.internal.sslh;

import static dev.tproxy.generate.Topologies.file;
import static dev.tproxy.generate.Topologies.transparent;
import static dev.tproxy.generate.Topologies.withServices;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tproxy.generate.GenerationException;
import dev.tproxy.generate.Generator;
import dev.tproxy.generate.GeneratorOptions;
import dev.tproxy.generate.Topologies;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** sslh configurations in the dialect of each version. */
class SslhFilesTest {

  static String front(String version, String extra, String rules) {
    return "  - name: front\n    engine: sslh\n    engine-version: \"" + version + "\"\n    listen: [\"192.168.255.254:443\"]\n"
        + extra + "    demux:\n      rules:\n" + rules;
  }

  static final String RULES = "        - {probe: ssh, target: sshd}\n        - {probe: anyprot, target: web}\n";

  @Test
  void sslh120TakesTheGlobalTransparentAndItsOwnDefaultTimeout() {
    String cfg = file(transparent(front("1.20", "    transparent: true\n", RULES)), "sslh/front.cfg");
    assertThat(cfg).contains("\ntransparent: true;\n").contains("\ntimeout: 2;\n").contains("\non-timeout: \"ssh\";\n")
        .contains("{ name: \"ssh\"; host: \"192.168.255.254\"; port: \"22\"; },")
        .doesNotContain("verbose").doesNotContain("on_timeout").doesNotContain("; transparent: true");
  }

  @Test
  void sslh2TakesTransparentPerProtocolAndWritesItsOwnDefaultTimeout() {
    String cfg = file(transparent(front("2.3", "    transparent: true\n", RULES)), "sslh/front.cfg");
    assertThat(cfg).doesNotContain("\ntransparent:").contains("\ntimeout: 5;\n")
        .contains("{ name: \"ssh\"; host: \"192.168.255.254\"; port: \"22\"; transparent: true; },")
        .contains("{ name: \"anyprot\"; host: \"192.168.255.254\"; port: \"8080\"; transparent: true; }")
        .doesNotContain("verbose");
  }

  @Test
  void onTimeoutNamesTheFirstProbeWhoseFirstEntryLeadsToTheTarget() {
    String rules = "        - {probe: tls, sni: [a.example.org], target: sshd}\n        - {probe: tls, target: web}\n"
        + "        - {probe: http, target: web}\n";
    String cfg = file(withServices(front("2.3", "", rules).replace("192.168.255.254", "127.0.0.1")
        .replace("    demux:\n", "    demux:\n      on-timeout: sshd\n")), "sslh/front.cfg");
    assertThat(cfg).contains("on-timeout: \"tls\";").doesNotContain("a^");
  }

  @Test
  void aTargetNoProbeNameLeadsToGetsASentinelEntryFirst() {
    String rules = "        - {probe: tls, sni: [a.example.org], target: web}\n        - {probe: tls, target: sshd}\n"
        + "        - {probe: regex, patterns: [\"^X\"], target: web}\n";
    String cfg = file(withServices(front("1.20", "", rules).replace("192.168.255.254", "127.0.0.1")
        .replace("    demux:\n", "    demux:\n      on-timeout: sshd\n")), "sslh/front.cfg");
    assertThat(cfg).contains("on-timeout: \"regex\";");
    int sentinel = cfg.indexOf("{ name: \"regex\"; host: \"127.0.0.1\"; port: \"22\";\n      regex_patterns: [ \"a^\" ]; }");
    assertThat(sentinel).isPositive().isLessThan(cfg.indexOf("name: \"tls\""));
    assertThat(cfg.indexOf("regex_patterns: [ \"^X\" ]")).isGreaterThan(sentinel);
    assertThat(cfg).doesNotContain("\"timeout\"");
  }

  @Test
  void patternsAndNamesRoundTripThroughLibconfig() throws Libconfig.SyntaxError {
    String rules = "        - {probe: regex, patterns: [\"^a\\\"b\\\\\\\\d; #x\"], min-length: 3, target: web}\n"
        + "        - {probe: tls, sni: [\"*.example.org\"], alpn: [\"http/1.1\"], target: sshd}\n";
    String cfg = file(withServices(front("2.3", "", rules).replace("192.168.255.254", "127.0.0.1")), "sslh/front.cfg");
    Libconfig.Group g = Libconfig.parse(cfg);
    Libconfig.Group regex = (Libconfig.Group) ((Libconfig.ListValue) g.settings().get("protocols")).elements().get(0);
    assertThat(regex.settings().get("regex_patterns"))
        .isEqualTo(new Libconfig.ArrayValue(List.of(new Libconfig.Str("^a\"b\\\\d; #x"))));
    assertThat(regex.settings().get("minlength")).isEqualTo(new Libconfig.Int(3));
    assertThat(SslhKeyTable.problems(dev.tproxy.model.Version.of(2, 3), g)).isEmpty();
  }

  @Test
  void unixSocketBackendsAreWrittenAsSslh221AsksForThem() {
    String yaml = """
        name: t
        backends:
          - {name: app, unix: /run/app.sock}
        services:
          - name: front
            engine: sslh
            engine-version: "2.2.1"
            listen: ["127.0.0.1:8443"]
            demux: {rules: [{probe: anyprot, target: app}]}
        """;
    assertThat(file(yaml, "sslh/front.cfg")).contains("{ name: \"anyprot\"; host: \"/run/app.sock\"; port: \"\"; is_unix: true; }");
  }

  @Test
  void versionsBetweenTheDialectsAreRefusedNamingServiceAndField() {
    assertThatThrownBy(() -> Topologies.generate(withServices(front("2.1.4", "", RULES).replace("192.168.255.254", "127.0.0.1"))))
        .isInstanceOf(GenerationException.class)
        .hasMessageStartingWith("service \"front\" (services[0].engine-version): tproxy writes sslh configuration for sslh 1.20")
        .hasMessageContaining("not 2.1.4")
        .satisfies(e -> assertThat(((GenerationException) e).field()).contains("services[0].engine-version"));
  }

  @Test
  void aConnectionLimitOverSeveralListenersIsRefused() {
    String s = front("2.3", "    max-connections: 10\n", RULES).replace("listen: [\"192.168.255.254:443\"]",
        "listen: [\"127.0.0.1:443\", \"127.0.0.2:443\"]");
    assertThatThrownBy(() -> Topologies.generate(withServices(s))).isInstanceOf(GenerationException.class)
        .hasMessageContaining("(services[0].max-connections)").hasMessageContaining("per listen address");
    String one = front("2.3", "    max-connections: 10\n", RULES).replace("192.168.255.254:443", "127.0.0.1:443");
    assertThat(file(withServices(one), "sslh/front.cfg")).contains("{ host: \"127.0.0.1\"; port: \"443\"; max_connections: 10; }");
  }

  @Test
  void aRuleLimitIsSslh23sPerProtocolMaxConnections() {
    String s = front("2.3", "", "        - {probe: ssh, target: sshd, max-connections: 5}\n        - {probe: anyprot, target: web}\n")
        .replace("192.168.255.254:443", "127.0.0.1:443");
    assertThat(file(withServices(s), "sslh/front.cfg"))
        .contains("{ name: \"ssh\"; host: \"127.0.0.1\"; port: \"22\"; max_connections: 5; },")
        .contains("{ name: \"anyprot\"; host: \"127.0.0.1\"; port: \"8080\"; }");
  }

  @Test
  void acceptingPROXYIsOnlyWrittenWhereOnlyTrustedPeersCanConnect() {
    String loopback = front("2.3", "    proxy-protocol: {accept: true}\n", RULES).replace("192.168.255.254:443", "127.0.0.1:443");
    assertThat(file(withServices(loopback), "sslh/front.cfg")).contains("port: \"443\"; proxyprotocol: true; }");
    String open = front("2.3", "    proxy-protocol: {accept: true}\n", RULES).replace("192.168.255.254:443", "0.0.0.0:443");
    assertThatThrownBy(() -> Topologies.generate(withServices(open))).isInstanceOf(GenerationException.class)
        .hasMessageContaining("(services[0].proxy-protocol.trusted)").hasMessageContaining("from any peer");
  }

  @Test
  void aReplacedTemplateCannotSlipInAKeyTheVersionIgnores(@TempDir Path dir) throws IOException {
    Path t = Files.createDirectories(dir.resolve("sslh")).resolve("sslh.cfg.libconfig.ftl");
    Files.writeString(t, "on_timeout: [=view.onTimeout];\ntimeout: [=bare(view.timeout)];\n");
    GeneratorOptions options = GeneratorOptions.builder().templateDirectory(dir).build();
    assertThatThrownBy(() -> Generator.generate(Topologies.of(withServices(
        front("1.20", "", RULES).replace("192.168.255.254", "127.0.0.1"))), options))
        .isInstanceOf(GenerationException.class)
        .hasMessageContaining("sslh 1.20 would silently ignore: on_timeout: sslh 1.20 does not know this global key");
  }
}
