package dev.tproxy.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Each validation rule with an input that breaks it and the exact diagnostic: file position,
 * severity, path and message. Inputs are YAML, so positions are checked too.
 */
class ValidationRulesTest {

  static TopologyLoader.Result load(String yaml) {
    return TopologyLoader.read(yaml, "t.yaml", false, Path.of("/srv/tproxy"));
  }

  /** Diagnostics as "line:col: severity: path: message" (the first line of each). */
  static List<String> diagnostics(String yaml) {
    return load(yaml).diagnostics().all().stream()
        .map(d -> d.format().lines().findFirst().orElseThrow().replaceFirst("^t\\.yaml:", ""))
        .toList();
  }

  static String hint(String yaml, int index) {
    return load(yaml).diagnostics().all().get(index).hint();
  }

  static final String BACKENDS = """
      backends:
        - name: sshd
          address: 127.0.0.1:22
      """;

  @Nested
  class Names {
    @Test
    void namesAreUniqueAcrossServicesAndBackends() {
      String yaml = "name: t\n" + BACKENDS + """
          services:
            - name: sshd
              listen: ["127.0.0.1:8443"]
              forward: {target: sshd}
          """;
      assertThat(diagnostics(yaml)).containsExactly(
          "3:5: error: backends[0].name: the name \"sshd\" is already used at services[0].name",
          "8:15: error: services[0].forward.target: service \"sshd\" forwards to itself");
    }

    @Test
    void namesMustBeSafeForGeneratedFiles() {
      String yaml = "name: t\n" + BACKENDS + """
          services:
            - name: "Front; }"
              listen: ["127.0.0.1:8443"]
              forward: {target: sshd}
          """;
      assertThat(diagnostics(yaml)).containsExactly(
          "6:5: error: services[0].name: \"Front; }\" is not a valid service name");
      assertThat(hint(yaml, 0)).contains("lower-case letters, digits, - and _");
    }
  }

  @Nested
  class References {
    @Test
    void unknownTargetSuggestsTheClosestName() {
      String yaml = "name: t\n" + BACKENDS + """
          services:
            - name: front
              listen: ["127.0.0.1:8443"]
              forward: {target: shd}
          """;
      assertThat(diagnostics(yaml)).containsExactly(
          "8:15: error: services[0].forward.target: no service or backend is named \"shd\"");
      assertThat(hint(yaml, 0)).isEqualTo("did you mean \"sshd\"?");
    }

    @Test
    void servicesMustNotFormACycle() {
      String yaml = """
          name: t
          services:
            - name: a
              listen: ["127.0.0.1:1001"]
              forward: {target: b}
            - name: b
              listen: ["127.0.0.1:1002"]
              forward: {target: a}
          """;
      assertThat(diagnostics(yaml)).containsExactly(
          "3:5: error: services[0]: services forward in a cycle: a -> b -> a");
    }

    @Test
    void onTimeoutMustResolveToo() {
      String yaml = "name: t\n" + BACKENDS + """
          services:
            - name: front
              listen: ["127.0.0.1:8443"]
              demux:
                on-timeout: nowhere
                rules:
                  - {probe: ssh, target: sshd}
          """;
      assertThat(diagnostics(yaml)).containsExactly(
          "9:7: error: services[0].demux.on-timeout: no service or backend is named \"nowhere\"");
    }
  }

  @Nested
  class Listeners {
    @Test
    void portsMustBeInRange() {
      String yaml = "name: t\n" + BACKENDS + """
          services:
            - name: front
              listen: ["127.0.0.1:70000"]
              forward: {target: sshd}
          """;
      assertThat(diagnostics(yaml)).containsExactly(
          "7:14: error: services[0].listen[0]: \"127.0.0.1:70000\": port 70000 is out of range 0-65535");
    }

    @Test
    void twoServicesCannotListenOnTheSameAddress() {
      String yaml = "name: t\n" + BACKENDS + """
          services:
            - name: a
              listen: ["127.0.0.1:8443"]
              forward: {target: sshd}
            - name: b
              listen: ["0.0.0.0:8443", "[::]:8443"]
              forward: {target: sshd}
          """;
      assertThat(diagnostics(yaml)).containsExactly(
          "10:14: error: services[1].listen[0]: 0.0.0.0:8443 is already taken by services[0].listen[0] (127.0.0.1:8443 of \"a\")");
      assertThat(hint(yaml, 0)).contains("wildcard address and a specific address");
    }

    @Test
    void hostNamesAreNotAddresses() {
      String yaml = "name: t\n" + BACKENDS + """
          services:
            - name: a
              listen: ["localhost:8443"]
              forward: {target: sshd}
          """;
      assertThat(diagnostics(yaml)).containsExactly(
          "7:14: error: services[0].listen[0]: \"localhost\" is not an IP address literal (host names are not resolved: write the address)");
    }
  }

  @Nested
  class Engines {
    @Test
    void nginxCannotDemultiplexByProtocol() {
      String yaml = "name: t\n" + BACKENDS + """
          services:
            - name: front
              engine: nginx
              listen: ["127.0.0.1:8443"]
              demux:
                rules: [{probe: ssh, target: sshd}]
          """;
      assertThat(diagnostics(yaml)).containsExactly(
          "7:5: error: services[0].engine: nginx cannot realise a demux stage");
      assertThat(hint(yaml, 0)).isEqualTo("nginx's stream module cannot tell protocols apart by their first bytes."
          + " A demux stage can be realised by: sslh, tproxy");
    }

    @Test
    void sslhCannotTerminateTls() {
      String yaml = "name: t\n" + BACKENDS + """
          services:
            - name: front
              engine: sslh
              listen: ["127.0.0.1:8443"]
              tls-terminate:
                certificates: [{certificate: /etc/c.pem, key: /etc/c.key}]
                target: sshd
          """;
      assertThat(diagnostics(yaml)).containsExactly(
          "7:5: error: services[0].engine: sslh cannot realise a tls-terminate stage");
      assertThat(hint(yaml, 0)).startsWith("sslh never terminates TLS; chain a terminator behind it.");
    }

    @Test
    void aFeatureTheVersionLacksIsRefusedWithTheVersionThatHasIt() {
      String yaml = "name: t\n" + BACKENDS + """
          services:
            - name: front
              engine: nginx
              engine-version: 1.22.1
              listen: ["127.0.0.1:8443"]
              proxy-protocol: {send: v2}
              forward: {target: sshd}
          """;
      assertThat(diagnostics(yaml)).first().isEqualTo(
          "10:22: error: services[0].proxy-protocol.send: nginx 1.22.1 does not support sending PROXY protocol v2");
      assertThat(hint(yaml, 0)).isEqualTo(
          "it arrived in nginx 1.31.4 (proxy_protocol v2); set engine-version to the version you run, or remove the setting");
    }

    @Test
    void routeLimitsAreReadAndRefusedWhereTheEngineCannotRealiseThem() {
      String yaml = "name: t\n" + BACKENDS + """
          services:
            - name: front
              engine: sslh
              engine-version: "2.3"
              listen: ["127.0.0.1:8443"]
              demux:
                rules:
                  - {probe: ssh, target: sshd, max-connections: 5}
                  - {probe: anyprot, target: router, max-connections: 0}
            - name: router
              engine: nginx
              listen: ["127.0.0.1:1443"]
              sni-route:
                default: sshd
                rules:
                  - {server-names: [a.example.org], target: sshd, max-connections: 2}
          """;
      assertThat(diagnostics(yaml)).containsExactly(
          "13:44: error: services[0].demux.rules[1].max-connections: max-connections must be at least 1, not 0",
          "20:57: error: services[1].sni-route.rules[0].max-connections: nginx does not support a connection limit per route in any version");
      Topology t = load(yaml.replace("\n    engine: nginx", "").replace("max-connections: 0", "max-connections: 9")).orThrow();
      assertThat(((Demux) t.services().get(0).stage()).rules().stream().map(r -> r.maxConnections().orElse(-1)))
          .containsExactly(5, 9);
      assertThat(((SniRoute) t.services().get(1).stage()).rules().get(0).maxConnections()).hasValue(2);
      assertThat(diagnostics(yaml.replace("\"2.3\"", "\"2.2\"").replace("max-connections: 0", "max-connections: 1")
          .replace("\n    engine: nginx", ""))).containsExactly(
          "12:38: error: services[0].demux.rules[0].max-connections: sslh 2.2 does not support a connection limit per route",
          "13:44: error: services[0].demux.rules[1].max-connections: sslh 2.2 does not support a connection limit per route");
    }

    @Test
    void sslh120HasNoSyslogProbeNorTimeouts() {
      String yaml = "name: t\n" + BACKENDS + """
          services:
            - name: front
              engine: sslh
              engine-version: "1.20"
              listen: ["127.0.0.1:8443"]
              idle-timeout: 3m
              demux:
                rules:
                  - {probe: syslog, target: sshd}
          """;
      assertThat(diagnostics(yaml)).containsExactly(
          "10:5: error: services[0].idle-timeout: sslh does not support an idle timeout in any version",
          "13:12: error: services[0].demux.rules[0].probe: sslh 1.20 does not support the syslog probe");
    }
  }
}
