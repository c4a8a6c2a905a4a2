package dev.tproxy.model;

import static dev.tproxy.model.ValidationRulesTest.BACKENDS;
import static dev.tproxy.model.ValidationRulesTest.diagnostics;
import static dev.tproxy.model.ValidationRulesTest.hint;
import static dev.tproxy.model.ValidationRulesTest.load;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Mistakes that only the whole chain shows (issue 13): each input is valid service by service,
 * and fails at the first connection. The exact diagnostic, to the column.
 */
class ChainRulesTest {

  @Test
  void aServiceThatDoesNotAcceptPROXYBehindOneThatSendsIt() {
    String yaml = "name: t\n" + BACKENDS + """
        services:
          - name: front
            listen: ["127.0.0.1:443"]
            proxy-protocol: {send: v1}
            forward: {target: inner}
          - name: inner
            listen: ["127.0.0.1:7000"]
            forward: {target: sshd}
        """;
    assertThat(diagnostics(yaml)).containsExactly(
        "8:22: error: services[0].proxy-protocol.send: \"front\" sends PROXY v1 headers to \"inner\", which does not"
            + " accept them: it would take the header for the client's first bytes");
    assertThat(hint(yaml, 0)).isEqualTo("add proxy-protocol: {accept: true} to \"inner\", or stop sending");
    assertThat(diagnostics(yaml.replace("    forward: {target: sshd}", "    proxy-protocol: {accept: true}\n    forward: {target: sshd}")))
        .isEmpty();
  }

  @Test
  void aBackendBehindASenderIsAWarning() {
    String yaml = "name: t\n" + BACKENDS + """
        services:
          - name: front
            listen: ["127.0.0.1:443"]
            proxy-protocol: {send: v2}
            forward: {target: sshd}
        """;
    assertThat(diagnostics(yaml)).containsExactly(
        "8:22: warning: services[0].proxy-protocol.send: \"front\" sends PROXY v2 headers to backend \"sshd\": unless"
            + " that program reads them (nginx listen ... proxy_protocol, HAProxy accept-proxy), it takes the header"
            + " for the client's first bytes");
  }

  @Test
  void anOldNginxCannotReadVersion2() {
    String yaml = "name: t\n" + BACKENDS + """
        services:
          - name: front
            listen: ["127.0.0.1:443"]
            proxy-protocol: {send: v2}
            forward: {target: inner}
          - name: inner
            engine: nginx
            engine-version: 1.12.2
            listen: ["127.0.0.1:7000"]
            proxy-protocol: {accept: true}
            forward: {target: sshd}
        """;
    assertThat(diagnostics(yaml)).containsExactly(
        "8:22: error: services[0].proxy-protocol.send: \"front\" sends PROXY v2 headers to \"inner\" (nginx 1.12.2),"
            + " which reads v2 only from nginx 1.13.11");
  }

  @Test
  void anAcceptThatNoHopInFrontFeeds() {
    String yaml = "name: t\n" + BACKENDS + """
        services:
          - name: front
            listen: ["127.0.0.1:443"]
            forward: {target: inner}
          - name: inner
            listen: ["127.0.0.1:7000"]
            proxy-protocol: {accept: true}
            forward: {target: sshd}
        """;
    assertThat(diagnostics(yaml)).containsExactly(
        "11:22: error: services[1].proxy-protocol.accept: \"inner\" waits for a PROXY header, but \"front\" in front"
            + " of it sends none: every connection would be closed");
    assertThat(hint(yaml, 0)).isEqualTo("add proxy-protocol: {send: v1} (or v2) to \"front\", or remove accept");
  }

  @Test
  void aTlsRuleAfterAnUnfilteredOneNeverMatches() {
    String yaml = "name: t\n" + BACKENDS + """
        services:
          - name: front
            listen: ["127.0.0.1:443"]
            demux:
              rules:
                - {probe: tls, target: sshd}
                - {probe: tls, sni: [a.example.org], target: sshd}
                - {probe: anyprot, target: sshd}
        """;
    assertThat(diagnostics(yaml)).containsExactly(
        "11:11: warning: services[0].demux.rules[1]: this tls rule never matches: the earlier rule"
            + " services[0].demux.rules[0] matches all it does");
    assertThat(hint(yaml, 0)).isEqualTo("remove it, or move it before services[0].demux.rules[0] (the first rule that matches wins)");
  }

  @Test
  void aServerNameAnEarlierGlobCoversNeverMatchesButAnAlpnFilteredGlobDoesNotCoverIt() {
    String yaml = "name: t\n" + BACKENDS + """
        services:
          - name: front
            listen: ["127.0.0.1:443"]
            demux:
              rules:
                - {probe: tls, sni: ["*.example.org"], target: sshd}
                - {probe: tls, sni: [www.example.org], target: sshd}
                - {probe: ssh, target: sshd}
                - {probe: ssh, target: sshd}
        """;
    assertThat(diagnostics(yaml)).containsExactly(
        "11:11: warning: services[0].demux.rules[1]: this tls rule never matches: the earlier rule"
            + " services[0].demux.rules[0] matches all it does",
        "13:11: warning: services[0].demux.rules[3]: this ssh rule never matches: the earlier rule"
            + " services[0].demux.rules[2] matches all it does");
    assertThat(diagnostics(yaml.replace("sni: [\"*.example.org\"]", "sni: [\"*.example.org\"], alpn: [h2]")
        .replace("    - {probe: ssh, target: sshd}\n", ""))).isEmpty();
  }

  @Test
  void aLaterHopWithFewerConnectionsOrAShorterIdleTimeout() {
    String yaml = "name: t\n" + BACKENDS + """
        services:
          - name: front
            listen: ["127.0.0.1:443"]
            max-connections: 100
            forward: {target: inner}
          - name: inner
            listen: ["127.0.0.1:7000"]
            max-connections: 10
            idle-timeout: 1m
            forward: {target: sshd}
        """;
    assertThat(diagnostics(yaml)).containsExactly(
        "12:5: warning: services[1].max-connections: \"inner\" serves 10 connections at once, \"front\" in front of it"
            + " 100: past 10 the later hop closes what the first accepted",
        "13:5: warning: services[1].idle-timeout: \"inner\" closes idle connections after 1m, \"front\" in front of it"
            + " after 10m: an idle session ends at the later hop first");
  }

  @Test
  void aHopWithoutALimitBehindOneThatLetsMoreThroughThanItsFilesHold() {
    String yaml = "name: t\n" + BACKENDS + """
        services:
          - name: front
            listen: ["127.0.0.1:443"]
            max-connections: 2000
            forward: {target: router}
          - name: router
            engine: nginx
            listen: ["127.0.0.1:7000"]
            sni-route: {default: sshd}
          - name: front2
            listen: ["127.0.0.1:444"]
            max-connections: 2000
            forward: {target: sslh-hop}
          - name: sslh-hop
            engine: sslh
            engine-version: "2.3"
            listen: ["127.0.0.1:7001"]
            demux: {rules: [{probe: ssh, target: sshd}]}
        """;
    assertThat(diagnostics(yaml)).containsExactly(
        "11:5: warning: services[1].engine: \"front\" in front lets 2000 connections through at once, and \"router\""
            + " (nginx 1.22.1) holds about 504: the generated nginx.conf gives each worker 1024 connections, two for each"
            + " proxied one",
        "19:5: warning: services[3].engine: \"front2\" in front lets 2000 connections through at once, and \"sslh-hop\""
            + " (sslh 2.3) holds about 504: its generated unit runs with 1024 open files, two for each proxied connection");
  }

  /** A hop's own max-connections size its generated files (LimitNOFILE=, worker_connections): nothing to warn. */
  @Test
  void aHopWithItsOwnLimitGetsTheFilesForIt() {
    String yaml = "name: t\n" + BACKENDS + """
        services:
          - name: front
            listen: ["127.0.0.1:443"]
            max-connections: 2000
            forward: {target: router}
          - name: router
            engine: nginx
            listen: ["127.0.0.1:7000"]
            max-connections: 2000
            sni-route: {default: sslh-hop}
          - name: sslh-hop
            engine: sslh
            engine-version: "2.3"
            listen: ["127.0.0.1:7001"]
            max-connections: 2000
            demux: {rules: [{probe: ssh, target: sshd}]}
        """;
    assertThat(diagnostics(yaml)).isEmpty();
    assertThat(OpenFiles.limitFor(EngineKind.SSLH, List.of(service(yaml, "sslh-hop")))).hasValue(4096);
    assertThat(OpenFiles.limitFor(EngineKind.TPROXY, List.of(service(yaml, "front")))).hasValue(5120);
    assertThat(OpenFiles.limitFor(EngineKind.SSLH, List.of(service(yaml, "sslh-hop")).subList(0, 0))).isEmpty();
  }

  private static Service service(String yaml, String name) {
    return load(yaml).topology().service(name).orElseThrow();
  }
}
