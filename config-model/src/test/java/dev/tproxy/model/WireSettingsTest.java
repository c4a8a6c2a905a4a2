package dev.tproxy.model;

import static dev.tproxy.model.ValidationRulesTest.BACKENDS;
import static dev.tproxy.model.ValidationRulesTest.diagnostics;
import static dev.tproxy.model.ValidationRulesTest.hint;
import static dev.tproxy.model.ValidationRulesTest.load;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * The settings that change what a connection experiences on the wire (issue 13): read from the
 * topology, with nginx's defaults, and refused where the engine lacks them, to the column.
 */
class WireSettingsTest {

  /** Transparency needs its plumbing, and targets on the hidden address. */
  private static final String TRANSPARENT = """
      network:
        method: dedicated-address
        interface: tproxy0
        address: 192.168.255.254/32
        table: {id: 111, name: tproxy}
      name: t
      backends:
        - {name: sshd, address: "192.168.255.254:22"}
      """;

  private static final String SNI = "name: t\n" + BACKENDS + """
      services:
        - name: router
          engine: nginx
          listen: ["127.0.0.1:1443"]
          sni-route:
            default: sshd
            preread-timeout: 5s
            preread-buffer: 4k
      """;

  @Test
  void prereadSettingsAreReadAndNginxHasThem() {
    assertThat(diagnostics(SNI)).isEmpty();
    SniRoute r = (SniRoute) load(SNI).orThrow().services().get(0).stage();
    assertThat(r.prereadTimeout()).contains(Duration.ofSeconds(5));
    assertThat(r.prereadBuffer()).isEqualTo(OptionalInt.of(4096));
    assertThat(r.effectivePrereadTimeout()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void withoutThemTheDefaultsAreNginxs() {
    SniRoute r = (SniRoute) load(SNI.replace("    preread-timeout: 5s\n", "").replace("    preread-buffer: 4k\n", ""))
        .orThrow().services().get(0).stage();
    assertThat(r.effectivePrereadTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(r.effectivePrereadBuffer()).isEqualTo(16 * 1024);
  }

  @Test
  void aPrereadBufferTooSmallForAClientHelloIsRefused() {
    assertThat(diagnostics(SNI.replace("preread-buffer: 4k", "preread-buffer: 32"))).containsExactly(
        "12:7: error: services[0].sni-route.preread-buffer: a preread buffer of 32 bytes cannot hold a ClientHello");
  }

  @Test
  void nginxBeforePrereadHasNoPrereadSettings() {
    assertThat(diagnostics(SNI.replace("engine: nginx", "engine: nginx\n    engine-version: 1.11.4"))).contains(
        "12:7: error: services[0].sni-route.preread-timeout: nginx 1.11.4 does not support a preread timeout");
  }

  @Test
  void handshakeTimeoutIsReadForNginxAndRefusedForStunnel() {
    String yaml = "name: t\n" + BACKENDS + """
        services:
          - name: tls
            engine: nginx
            listen: ["127.0.0.1:8443"]
            tls-terminate:
              certificates: [{certificate: /etc/c.pem, key: /etc/c.key}]
              handshake-timeout: 7s
              target: sshd
        """;
    assertThat(diagnostics(yaml)).isEmpty();
    TlsTerminate t = (TlsTerminate) load(yaml).orThrow().services().get(0).stage();
    assertThat(t.effectiveHandshakeTimeout()).isEqualTo(Duration.ofSeconds(7));
    assertThat(diagnostics(yaml.replace("engine: nginx", "engine: stunnel"))).containsExactly(
        "11:7: error: services[0].tls-terminate.handshake-timeout: stunnel does not support a TLS handshake timeout in any version");
    assertThat(hint(yaml.replace("engine: nginx", "engine: stunnel"), 0))
        .isEqualTo("remove the setting, or realise this service with an engine that has it (nginx, tproxy)");
  }

  @Test
  void proxyHeaderTimeoutIsReadForNginxAndRefusedForSslh() {
    String yaml = "name: t\n" + BACKENDS + """
        services:
          - name: front
            engine: nginx
            listen: ["127.0.0.1:8443"]
            proxy-protocol: {accept: true, timeout: 3s}
            forward: {target: sshd}
        """;
    assertThat(diagnostics(yaml)).isEmpty();
    assertThat(load(yaml).orThrow().services().get(0).proxyProtocol().effectiveTimeout()).isEqualTo(Duration.ofSeconds(3));
    String sslh = yaml.replace("engine: nginx", "engine: sslh\n    engine-version: \"2.3\"")
        .replace("forward: {target: sshd}", "demux: {rules: [{probe: ssh, target: sshd}]}");
    assertThat(diagnostics(sslh)).containsExactly(
        "10:36: error: services[0].proxy-protocol.timeout: sslh does not support a PROXY header timeout in any version");
  }

  @Test
  void aHeaderTimeoutWithoutAcceptIsAWarning() {
    String yaml = "name: t\n" + BACKENDS + """
        services:
          - name: front
            listen: ["127.0.0.1:8443"]
            proxy-protocol: {send: v1, timeout: 3s}
            forward: {target: sshd}
        """;
    assertThat(diagnostics(yaml)).containsExactly(
        "8:22: warning: services[0].proxy-protocol.send: \"front\" sends PROXY v1 headers to backend \"sshd\": unless that"
            + " program reads them (nginx listen ... proxy_protocol, HAProxy accept-proxy), it takes the header for the"
            + " client's first bytes",
        "8:32: warning: services[0].proxy-protocol.timeout: the header timeout only matters with accept: true");
  }

  @Test
  void transparentBindDefaultsToTheEnginesOwnWay() {
    String yaml = TRANSPARENT + """
        services:
          - name: front
            engine: ENGINE
            listen: ["127.0.0.1:8443"]
            transparent: true
            STAGE
        """;
    String nginx = yaml.replace("ENGINE", "nginx").replace("STAGE", "forward: {target: sshd}");
    String sslh = yaml.replace("ENGINE", "sslh").replace("STAGE", "demux: {rules: [{probe: ssh, target: sshd}]}");
    String tproxy = yaml.replace("ENGINE", "tproxy").replace("STAGE", "forward: {target: sshd}");
    assertThat(load(nginx).orThrow().services().get(0).effectiveTransparentBind()).isEqualTo(TransparentBind.NEW_PORT);
    assertThat(load(sslh).orThrow().services().get(0).effectiveTransparentBind()).isEqualTo(TransparentBind.KEEP_CLIENT_PORT);
    assertThat(load(tproxy).orThrow().services().get(0).effectiveTransparentBind()).isEqualTo(TransparentBind.KEEP_CLIENT_PORT);
    Service asked = load(tproxy.replace("transparent: true", "transparent: true\n    transparent-bind: new-port"))
        .orThrow().services().get(0);
    assertThat(asked.transparentBind()).isEqualTo(Optional.of(TransparentBind.NEW_PORT));
    assertThat(asked.effectiveBindBehaviour()).isEqualTo(BindBehaviour.NEW_PORT);
  }

  @Test
  void transparentBindIsRefusedWhereTheEngineCannotBindThatWay() {
    String yaml = TRANSPARENT + """
        services:
          - name: front
            engine: nginx
            listen: ["127.0.0.1:8443"]
            transparent: true
            transparent-bind: keep-client-port
            forward: {target: sshd}
        """;
    assertThat(diagnostics(yaml)).containsExactly(
        "14:5: error: services[0].transparent-bind: nginx does not support keeping the client's port on transparent"
            + " connections (transparent-bind: keep-client-port) in any version");
    String sslh = yaml.replace("engine: nginx", "engine: sslh").replace("keep-client-port", "new-port")
        .replace("forward: {target: sshd}", "demux: {rules: [{probe: ssh, target: sshd}]}");
    assertThat(diagnostics(sslh)).containsExactly(
        "14:5: error: services[0].transparent-bind: sslh does not support binding transparent connections to a new"
            + " port (transparent-bind: new-port) in any version");
  }

  @Test
  void anUncooperativeHopMayFollowOneThatTakesANewPortButNotOneThatKeepsTheClientsPort() {
    String yaml = TRANSPARENT + """
        services:
          - name: front
            listen: ["10.0.0.1:443"]
            transparent: true
            transparent-bind: BIND
            forward: {target: old-sslh}
          - name: old-sslh
            engine: sslh
            engine-version: "1.20"
            listen: ["192.168.255.254:7000"]
            transparent: true
            demux: {rules: [{probe: ssh, target: sshd}]}
        """;
    // A new port leaves (client ip, client port) free for sslh 1.20's own bind.
    assertThat(diagnostics(yaml.replace("BIND", "new-port"))).isEmpty();
    assertThat(diagnostics(yaml.replace("BIND", "keep-client-port"))).singleElement().asString()
        .startsWith("16:5: error: services[1].engine: \"old-sslh\" (sslh 1.20) cannot be a later hop of a transparent chain");
  }
}
