package dev.tproxy.model;

import static dev.tproxy.model.ValidationRulesTest.BACKENDS;
import static dev.tproxy.model.ValidationRulesTest.diagnostics;
import static dev.tproxy.model.ValidationRulesTest.hint;
import static dev.tproxy.model.ValidationRulesTest.load;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Validation rules, continued: stages, transparency, the file format itself, hosts and clients. */
class ValidationRulesMoreTest {

  static String service(String body) {
    return "name: t\n" + BACKENDS + "services:\n  - name: front\n    listen: [\"127.0.0.1:8443\"]\n" + body;
  }

  @Nested
  class Tls {
    @Test
    void tlsTerminateNeedsACertificate() {
      assertThat(diagnostics(service("""
              tls-terminate:
                target: sshd
          """))).containsExactly("8:5: error: services[0].tls-terminate.certificates: a tls-terminate stage needs a certificate");
    }

    @Test
    void clientVerificationNeedsACa() {
      assertThat(diagnostics(service("""
              tls-terminate:
                certificates: [{certificate: /etc/c.pem, key: /etc/c.key}]
                client-auth: {verify: "on"}
                target: sshd
          """))).containsExactly(
              "10:7: error: services[0].tls-terminate.client-auth.ca: client verification (on) needs the CA that signs client certificates");
    }

    @Test
    void bareOnIsReadAsVerifyOn() {
      Topology t = load(service("""
              tls-terminate:
                certificates: [{certificate: /etc/c.pem, key: /etc/c.key}]
                client-auth:
                  verify: on
                  ca: /etc/ca.pem
                target: sshd
          """)).orThrow();
      assertThat(((TlsTerminate) t.services().get(0).stage()).clientAuth().verify()).isEqualTo(VerifyMode.ON);
    }

    @Test
    void ciphersAreOpensslTls12NamesAndProtocolsModern() {
      assertThat(diagnostics(service("""
              tls-terminate:
                certificates: [{certificate: /etc/c.pem, key: /etc/c.key}]
                protocols: [TLSv1.1, TLSv1.2]
                ciphers: [HIGH, TLS_AES_128_GCM_SHA256, ECDHE-RSA-AES128-GCM-SHA256]
                target: sshd
          """))).containsExactly(
              "10:19: warning: services[0].tls-terminate.protocols[0]: TLSv1.1 is deprecated (RFC 8996)",
              "11:17: error: services[0].tls-terminate.ciphers[0]: unknown cipher \"HIGH\"",
              "11:23: error: services[0].tls-terminate.ciphers[1]: TLS_AES_128_GCM_SHA256 is a TLS 1.3 suite");
    }

    @Test
    void invisibleFormattingCharactersAreRefusedInPaths() {
      String yaml = service("""
              tls-terminate:
                certificates: [{certificate: "/etc/\u202eelif.pem", key: "/etc/zero\u200bwidth.key"}]
                target: sshd
          """);
      assertThat(diagnostics(yaml)).containsExactly(
          "9:23: error: services[0].tls-terminate.certificates[0].certificate: the path contains the control character"
              + " U+202E (an invisible formatting character)",
          "9:54: error: services[0].tls-terminate.certificates[0].key: the path contains the control character"
              + " U+200B (an invisible formatting character)");
    }

    @Test
    void onlyOneDefaultCertificateAndAbsolutePaths() {
      String yaml = service("""
              tls-terminate:
                certificates:
                  - {certificate: /etc/a.pem, key: /etc/a.key}
                  - {certificate: /etc/b.pem, key: "/etc/$name/b.key"}
                target: sshd
          """);
      assertThat(diagnostics(yaml)).containsExactly(
          "11:11: error: services[0].tls-terminate.certificates[1]: a second default certificate (the first is services[0].tls-terminate.certificates[0])",
          "11:37: error: services[0].tls-terminate.certificates[1].key: \"/etc/$name/b.key\" contains $");
      assertThat(hint(yaml, 1)).contains("nginx would expand it");
    }
  }

  @Nested
  class Demux {
    @Test
    void invalidGlobsAndRegexesAreRefused() {
      assertThat(diagnostics(service("""
              demux:
                rules:
                  - {probe: tls, sni: ["*.example.[org"], target: sshd}
                  - {probe: regex, patterns: ["(abc"], target: sshd}
          """))).containsExactly(
              "10:30: error: services[0].demux.rules[0].sni[0]: \"*.example.[org\" has a [ without its closing ]",
              "11:37: error: services[0].demux.rules[1].patterns[0]: \"(abc\" is not a valid regular expression: Unclosed group at position 4");
    }

    @Test
    void anyprotMustBeLast() {
      assertThat(diagnostics(service("""
              demux:
                rules:
                  - {probe: anyprot, target: sshd}
                  - {probe: ssh, target: sshd}
          """))).containsExactly(
              "10:12: error: services[0].demux.rules[0].probe: anyprot matches every connection, so the 1 rule(s) after it are never tried");
    }

    @Test
    void probeOptionsBelongToTheirProbe() {
      assertThat(diagnostics(service("""
              demux:
                rules:
                  - {probe: ssh, sni: [a.example.org], target: sshd}
                  - {probe: http, min-length: 4, target: sshd}
                  - {probe: regex, target: sshd}
          """))).containsExactly(
              "10:24: error: services[0].demux.rules[0].sni: sni and alpn only apply to the tls probe, not ssh",
              "11:25: error: services[0].demux.rules[1].min-length: patterns and min-length only apply to the regex probe, not http",
              "12:11: error: services[0].demux.rules[2].patterns: a regex rule needs at least one pattern");
    }

    @Test
    void timeoutsArePositiveAndWholeSecondsForSslh() {
      assertThat(diagnostics("name: t\n" + BACKENDS + """
          services:
            - name: front
              engine: sslh
              listen: ["127.0.0.1:8443"]
              demux:
                probe-timeout: 1500ms
                rules: [{probe: ssh, target: sshd}]
            - name: fw
              listen: ["127.0.0.1:8444"]
              connect-timeout: 0s
              forward: {target: sshd}
          """)).containsExactly(
              "10:7: error: services[0].demux.probe-timeout: sslh does not support a probe timeout that is not whole seconds in any version",
              "14:5: error: services[1].connect-timeout: a timeout must be positive");
    }
  }

  @Nested
  class Transparency {
    static final String NETWORK = """
        network:
          method: dedicated-address
          interface: tproxy0
          address: 192.168.255.254/32
          table: {id: 111, name: tproxy}
        """;

    @Test
    void transparentServicesNeedNetworkPlumbing() {
      String yaml = service("    transparent: true\n    forward: {target: sshd}\n");
      assertThat(diagnostics(yaml)).containsExactly(
          "8:5: error: services[0].transparent: service \"front\" is transparent but the topology has no network plumbing");
      assertThat(hint(yaml, 0)).contains("add network: {method: dedicated-address");
    }

    @Test
    void targetsOffTheHiddenAddressAreWarnedAbout() {
      String yaml = NETWORK + service("    transparent: true\n    forward: {target: sshd}\n");
      assertThat(diagnostics(yaml)).containsExactly(
          "14:15: warning: services[0].forward.target: \"sshd\" is at 127.0.0.1, not on the hidden address 192.168.255.254/32");
    }

    /** The heart of the reference document: an uncooperative program can only be first. */
    @Test
    void anUncooperativeEngineCanOnlyBeTheFirstTransparentHop() {
      String yaml = NETWORK + """
          name: t
          backends:
            - {name: sshd, address: "192.168.255.254:22"}
          services:
            - name: front
              engine: tproxy
              listen: ["10.0.0.1:443"]
              transparent: true
              forward: {target: second}
            - name: second
              engine: sslh
              engine-version: "1.20"
              listen: ["192.168.255.254:1443"]
              transparent: true
              demux:
                rules: [{probe: ssh, target: sshd}]
          """;
      assertThat(diagnostics(yaml)).containsExactly(
          "16:5: error: services[1].engine: \"second\" (sslh 1.20) cannot be a later hop of a transparent chain:"
              + " \"front\" (" + Engine.of(EngineKind.TPROXY) + ") forwards to it transparently, so its connection already holds the client's"
              + " address and port, and when sslh 1.20 binds its own outgoing socket to that same address and port"
              + " the kernel refuses with \"Address already in use\" (EADDRINUSE) and the client is disconnected;"
              + " sslh 1.20 binds without SO_REUSEADDR and has no fallback, whereas a cooperative hop (sslh 2.2 or later,"
              + " nginx, tproxy) retries with IP_BIND_ADDRESS_NO_PORT and lets the kernel pick a free port");
      assertThat(hint(yaml, 0)).isEqualTo("reorder the chain so that \"second\" is the first transparent hop,"
          + " or upgrade it (engine-version: \"2.2\" or later), or realise it with an engine that binds cooperatively (nginx, tproxy)");
    }

    /**
     * nginx binds (client ip, 0) and lets the kernel pick the port: the client's port stays free
     * for the uncooperative hop behind it.
     */
    @Test
    void anUncooperativeEngineMayFollowAHopThatTakesANewPort() {
      String yaml = NETWORK + """
          name: t
          backends:
            - {name: sshd, address: "192.168.255.254:22"}
          services:
            - name: front
              engine: nginx
              listen: ["10.0.0.1:443"]
              transparent: true
              forward: {target: second}
            - name: second
              engine: sslh
              engine-version: "1.20"
              listen: ["192.168.255.254:1443"]
              transparent: true
              demux:
                rules: [{probe: ssh, target: sshd}]
          """;
      assertThat(diagnostics(yaml)).isEmpty();
    }

    @Test
    void sslh21AndLaterSurviveAsLaterHops() {
      for (String version : new String[] {"2.1", "2.2", "2.3.1"}) {
        String yaml = NETWORK + """
            name: t
            backends:
              - {name: sshd, address: "192.168.255.254:22"}
            services:
              - name: front
                engine: sslh
                engine-version: "1.20"
                listen: ["10.0.0.1:443"]
                transparent: true
                demux: {rules: [{probe: anyprot, target: second}]}
              - name: second
                engine: sslh
                engine-version: "%s"
                listen: ["192.168.255.254:1443"]
                transparent: true
                demux: {rules: [{probe: ssh, target: sshd}]}
            """.formatted(version);
        assertThat(diagnostics(yaml)).as(version).isEmpty();
      }
    }

    @Test
    void transparencyCannotReachAUnixSocket() {
      assertThat(diagnostics(NETWORK + """
          name: t
          backends: [{name: app, unix: /run/app.sock}]
          services:
            - name: front
              listen: ["192.168.255.254:443"]
              transparent: true
              forward: {target: app}
          """)).containsExactly(
              "12:15: error: services[0].forward.target: a transparent service cannot forward to the unix socket of \"app\"");
    }
  }

  @Nested
  class FileFormat {
    @Test
    void unknownKeysAreErrorsWithSuggestions() {
      String yaml = service("    listne: [\"127.0.0.1:1\"]\n    colour: red\n    forward: {target: sshd}\n");
      assertThat(diagnostics(yaml)).containsExactly(
          "8:5: error: services[0].listne: unknown key \"listne\"",
          "9:5: error: services[0].colour: unknown key \"colour\"");
      assertThat(hint(yaml, 0)).isEqualTo("did you mean \"listen\"?");
      assertThat(hint(yaml, 1)).startsWith("allowed here: connect-timeout, demux, engine, engine-version,");
    }

    @Test
    void camelCaseKeysAreSuggestedTheirKebabSpelling() {
      String yaml = service("    forward: {target: sshd}\n    maxConnections: 3\n");
      assertThat(diagnostics(yaml)).containsExactly("9:5: error: services[0].maxConnections: unknown key \"maxConnections\"");
      assertThat(hint(yaml, 0)).isEqualTo("did you mean \"max-connections\"?");
    }

    @Test
    void aServiceHasExactlyOneStage() {
      assertThat(diagnostics(service("    forward: {target: sshd}\n    sni-route: {default: sshd}\n"))).containsExactly(
          "9:5: error: services[0].sni-route: a service has exactly one stage, this one has forward and sni-route");
      assertThat(diagnostics(service(""))).containsExactly(
          "6:5: error: services[0]: no stage");
    }

    @Test
    void duplicateKeysAreErrors() {
      assertThat(diagnostics(service("    forward: {target: sshd}\n    forward: {target: sshd}\n"))).containsExactly(
          "9:5: error: the key \"forward\" is written twice");
    }

    /** An alias is the anchored value, as an editor (and the schema) reads it, not the anchor's name. */
    @Test
    void aliasesAreTheValuesTheyName() {
      Topology t = load("""
          name: t
          backends: [{name: &ssh sshd, address: "127.0.0.1:22"}]
          services:
            - {name: front, listen: ["127.0.0.1:1"], forward: &to-ssh {target: *ssh}}
            - {name: back, listen: ["127.0.0.1:2"], forward: *to-ssh}
          """).orThrow();
      assertThat(t.services()).extracting(s -> ((Forward) s.stage()).target().name()).containsExactly("sshd", "sshd");
    }

    @Test
    void anAliasWithoutItsAnchorIsASyntaxError() {
      assertThat(diagnostics(service("    forward: {target: *sshd}\n"))).containsExactly(
          "8:23: error: syntax error: the alias *sshd names no anchor (&sshd) written before it");
    }

    /** Aliases of aliases would make a few lines into millions of values ("billion laughs"). */
    @Test
    void aliasesCannotMultiplyAFile() {
      StringBuilder yaml = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
      for (int i = 1; i < 8; i++) {
        yaml.append("a").append(i).append(": &a").append(i).append(" [")
            .append(String.join(", ", java.util.Collections.nCopies(10, "*a" + (i - 1)))).append("]\n");
      }
      assertThat(diagnostics(yaml.toString())).singleElement().asString()
          .startsWith("4:").endsWith("error: syntax error: aliases repeat more than 10,000 values; write the values out");
    }

    @Test
    void syntaxErrorsHaveTheirPosition() {
      assertThat(diagnostics("name: t\nservices: [\n  - name: x\n")).hasSize(1)
          .containsExactly("3:3: error: syntax error: while parsing a flow node: expected the node content, but found '-'");
    }

    @Test
    void quotedVersionsKeepTheirWrittenForm() {
      Topology t = load("name: t\n" + BACKENDS + """
          services:
            - name: front
              engine: sslh
              engine-version: "1.20"
              listen: ["127.0.0.1:8443"]
              demux: {rules: [{probe: ssh, target: sshd}]}
          """).orThrow();
      assertThat(t.services().get(0).engine().version()).isEqualTo(Version.of(1, 20));
    }

    /** YAML 1.2 (editors, the schema) reads 1.20 as the number 1.2: the loader refuses it too. */
    @Test
    void unquotedVersionsAreNumbersAndRefused() {
      String yaml = service("    engine: sslh\n    engine-version: 1.20\n    demux: {rules: [{probe: ssh, target: sshd}]}\n");
      assertThat(diagnostics(yaml)).containsExactly(
          "9:5: error: services[0].engine-version: engine-version must be a string, not a number (1.20)");
      assertThat(hint(yaml, 0)).isEqualTo("quote it: \"1.20\"; unquoted, YAML reads it as a number");
    }

    /**
     * Scalars are what YAML 1.2 says they are, as in an editor and the schema: no number becomes
     * text, no yes/on becomes true, no text is trimmed, and ids are written in their case.
     */
    @Test
    void scalarsAreNotCoerced() {
      assertThat(diagnostics(service("""
              transparent: yes
              proxy-protocol: {send: 2, timeout: " 5s"}
              engine: TPROXY
              forward: {target: 7}
          """))).containsExactly(
          "8:5: error: services[0].transparent: transparent must be true or false, not a string (yes)",
          "9:22: error: services[0].proxy-protocol.send: send must be v1 or v2, not a whole number (2)",
          "9:31: error: services[0].proxy-protocol.timeout: \" 5s\" is not a duration: write a whole number and a unit (ms, s, m, h, d), e.g. 5s or 3m",
          "10:5: error: services[0].engine: engine must be sslh, nginx, stunnel or tproxy, not \"TPROXY\"",
          "11:15: error: services[0].forward.target: target must be a string, not a whole number (7)");
    }

    @Test
    void wrongTypesAreReported() {
      assertThat(diagnostics(service("    transparent: yes please\n    max-connections: many\n    forward: {target: sshd}\n")))
          .containsExactly(
              "8:5: error: services[0].transparent: transparent must be true or false, not a string (yes please)",
              "9:5: error: services[0].max-connections: max-connections must be a whole number, not a string (many)");
    }

    /** The acceptance case of issue 2: three different mistakes, three diagnostics, right lines. */
    @Test
    void threeMistakesGiveThreeDiagnosticsWithLineNumbers() {
      String yaml = """
          name: three-mistakes
          backends:
            - name: sshd
              address: 127.0.0.1:22
          services:
            - name: front
              listen: ["127.0.0.1:99999"]
              demux:
                rules:
                  - probe: ssh
                    target: sshdd
            - name: tls
              engine: sslh
              listen: ["127.0.0.1:8444"]
              tls-terminate:
                certificates: [{certificate: /etc/c.pem, key: /etc/c.key}]
                target: sshd
          """;
      assertThat(diagnostics(yaml)).containsExactly(
          "7:14: error: services[0].listen[0]: \"127.0.0.1:99999\": port 99999 is out of range 0-65535",
          "11:11: error: services[0].demux.rules[0].target: no service or backend is named \"sshdd\"",
          "13:5: error: services[1].engine: sslh cannot realise a tls-terminate stage");
    }
  }

  @Nested
  class HostAndClients {
    @Test
    void networkValuesAreChecked() {
      assertThat(diagnostics("""
          name: t
          network:
            method: dedicated-address
            interface: "tproxy0; rm -rf /"
            address: 192.168.255.0/24
            table: {id: 254, name: main}
          services:
            - {name: a, listen: ["127.0.0.1:1"], forward: {target: a2}}
            - {name: a2, listen: ["127.0.0.1:2"], forward: {target: b}}
          backends: [{name: b, address: "127.0.0.1:3"}]
          """)).containsExactly(
              "4:3: error: network.interface: \"tproxy0; rm -rf /\" is not an interface name",
              "5:3: error: network.address: 192.168.255.0/24 is a network, not one address",
              "6:11: error: network.table.id: table 254 cannot be used",
              "6:20: error: network.table.name: \"main\" is a reserved table name");
    }

    @Test
    void certificateAccessNamesRealUsersAndAbsolutePaths() {
      assertThat(diagnostics(service("    forward: {target: sshd}\n") + """
          certificate-access:
            paths: [/etc/letsencrypt/live, "/"]
            users: ["www-data; reboot"]
          """)).containsExactly(
              "10:34: error: certificate-access.paths[1]: granting access to / is never what you want",
              "11:11: error: certificate-access.users[0]: \"www-data; reboot\" is not a user name");
    }

    @Test
    void clientsReachATerminatorWithWhatItNeeds() {
      String yaml = service("""
              tls-terminate:
                certificates: [{certificate: /etc/c.pem, key: /etc/c.key}]
                client-auth: {verify: "on", ca: /etc/ca.pem}
                target: sshd
          clients:
            - host: hidden
              service: front
              connect: t1.example.org:443
              sni: cryptic.foo.notexist
              proxy: proxy.example.net:3128
              tool: proxytunnel
            - host: wrong
              service: sshd
              connect: t1.example.org:443
          """);
      assertThat(diagnostics(yaml)).containsExactly(
          "13:5: error: clients[0].certificate: \"front\" requires a client certificate (client-auth verify: on) and this entry has none",
          "16:5: error: clients[0].sni: proxytunnel 1.10 sends the host it connects to (t1.example.org) as SNI and cannot send cryptic.foo.notexist",
          "20:5: error: clients[1].service: no service is named \"sshd\"");
    }

    @Test
    void proxytunnel110CannotSendClientCertificates() {
      String yaml = service("""
              tls-terminate:
                certificates: [{certificate: /etc/c.pem, key: /etc/c.key}]
                target: sshd
          clients:
            - host: t2
              service: front
              connect: t2.example.org:443
              proxy: proxy.example.net:3128
              certificate: ~/.ssh/c.pem
              key: ~/.ssh/c.key
              tool: proxytunnel
          """);
      assertThat(diagnostics(yaml)).containsExactly(
          "18:5: error: clients[0].tool: proxytunnel 1.10 cannot send a client certificate");
      assertThat(hint(yaml, 0)).contains("arrived in 1.12.0 (Debian 12 ships 1.10); use tool: openssl");
      assertThat(diagnostics(yaml.replace("tool: proxytunnel", "tool: proxytunnel\n    tool-version: \"1.12\""))).isEmpty();
    }

    @Test
    void inProcessBackendsAreOnlyForTheTproxyEngine() {
      assertThat(diagnostics("""
          name: t
          backends: [{name: app, in-process: true}]
          services:
            - name: front
              engine: nginx
              listen: ["127.0.0.1:8443"]
              forward: {target: app}
          """)).containsExactly(
              "7:15: error: services[0].forward.target: \"app\" is an in-process backend, which only the tproxy engine can reach");
    }
  }
}
