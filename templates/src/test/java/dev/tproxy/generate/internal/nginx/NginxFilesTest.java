package dev.tproxy.generate.internal.nginx;

import static dev.tproxy.generate.Topologies.file;
import static dev.tproxy.generate.Topologies.transparent;
import static dev.tproxy.generate.Topologies.withServices;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tproxy.generate.GenerationException;
import dev.tproxy.generate.Topologies;
import dev.tproxy.model.InvalidTopologyException;
import org.junit.jupiter.api.Test;

/** The nginx stream include and its standalone wrapper. */
class NginxFilesTest {

  static final String ROUTER = """
        - name: router
          engine: nginx
          listen: ["127.0.0.1:1443"]
          sni-route:
            default: web
            rules:
              - {server-names: [a.example.org, "*.example.org"], target: sshd}
              - {server-names: [default], target: term}
              - {alpn: [h2, "http/1.1"], target: sshd}
              - {alpn: [acme-tls/1], target: web}
        - name: term
          engine: nginx
          listen: ["127.0.0.1:1444"]
          tls-terminate:
            certificates:
              - {certificate: /etc/c/default.pem, key: /etc/c/default.key}
              - {server-names: [a.example.org], certificate: /etc/c/a.pem, key: /etc/c/a.key}
            target: web
      """;

  @Test
  void theWrapperLoadsTheStreamModuleAndIncludesTheStreamFile() {
    String conf = file(withServices(ROUTER), "nginx/nginx.conf");
    assertThat(conf).contains("load_module /usr/lib/nginx/modules/ngx_stream_module.so;\n")
        .contains("stream {\n    include /etc/nginx/tproxy/stream.conf;\n}");
  }

  @Test
  void sniRoutingMapsTheNameThenFallsToTheAlpnMapThenToTheDefault() {
    String stream = file(withServices(ROUTER), "nginx/stream.conf");
    assertThat(stream).contains("""
        map $ssl_preread_server_name $tproxy_router_target {
            hostnames;
            default $tproxy_router_alpn;
            a.example.org 127.0.0.1:22;
            *.example.org 127.0.0.1:22;
            "\\\\default" 127.0.0.1:1444;
        }
        map $ssl_preread_alpn_protocols $tproxy_router_alpn {
            default 127.0.0.1:8080;
            "~(^|,)(h2|http/1\\\\.1)(,|$)" 127.0.0.1:22;
            "~(^|,)(acme-tls/1)(,|$)" 127.0.0.1:8080;
        }
        """);
    assertThat(stream).contains("    ssl_preread on;\n").contains("    proxy_pass $tproxy_router_target;\n");
  }

  @Test
  void certificatesAreChosenByTheTlsServerNameNeverByThePrereadVariable() {
    String stream = file(withServices(ROUTER), "nginx/stream.conf");
    String term = stream.substring(stream.indexOf("# ---- service term"));
    assertThat(term).contains("map $ssl_server_name $tproxy_term_certificate {\n    hostnames;\n"
            + "    default /etc/c/default.pem;\n    a.example.org /etc/c/a.pem;\n}")
        .contains("map $ssl_server_name $tproxy_term_certificate_key {")
        .contains("    listen 127.0.0.1:1444 ssl;\n")
        .contains("    ssl_certificate $tproxy_term_certificate;\n")
        .contains("    ssl_certificate_key $tproxy_term_certificate_key;\n")
        .doesNotContain("ssl_preread");
  }

  @Test
  void aSingleCertificateIsStaticSoNginxLoadsItAtStart() {
    String yaml = withServices("""
          - name: term
            engine: nginx
            listen: ["127.0.0.1:1444"]
            tls-terminate:
              certificates: [{server-names: [a.example.org], certificate: /etc/c/a.pem, key: /etc/c/a.key}]
              session: {cache: 512k, timeout: 90s, tickets: true}
              client-auth: {verify: optional, ca: /etc/c/ca.pem}
              target: web
        """);
    assertThat(file(yaml, "nginx/stream.conf")).doesNotContain("map ")
        .contains("    ssl_certificate /etc/c/a.pem;\n    ssl_certificate_key /etc/c/a.key;\n")
        .contains("    ssl_protocols TLSv1.2 TLSv1.3;\n")
        .contains("    ssl_session_cache shared:tproxy_term_sessions:512k;\n    ssl_session_timeout 90s;\n"
            + "    ssl_session_tickets on;\n")
        .contains("    ssl_verify_client optional;\n    ssl_client_certificate /etc/c/ca.pem;\n");
  }

  @Test
  void theWireSettingsOfTheTopologyAreWrittenUnderNginxsNames() {
    String yaml = withServices("""
          - name: router
            engine: nginx
            listen: ["127.0.0.1:1443"]
            proxy-protocol: {accept: true, timeout: 4s}
            sni-route: {default: term, preread-timeout: 5s, preread-buffer: 4k}
          - name: term
            engine: nginx
            listen: ["127.0.0.1:1444"]
            tls-terminate:
              certificates: [{certificate: /etc/c/a.pem, key: /etc/c/a.key}]
              handshake-timeout: 7s
              target: web
        """);
    String stream = file(yaml, "nginx/stream.conf");
    assertThat(stream.substring(0, stream.indexOf("# ---- service term")))
        .contains("    proxy_protocol_timeout 4s;\n")
        .contains("    ssl_preread on;\n    preread_timeout 5s;\n    preread_buffer_size 4k;\n");
    assertThat(stream.substring(stream.indexOf("# ---- service term"))).contains("    ssl_handshake_timeout 7s;\n");
  }

  @Test
  void withoutWireSettingsNginxKeepsItsOwnDefaultsAndNothingIsWritten() {
    assertThat(file(withServices(ROUTER), "nginx/stream.conf"))
        .doesNotContain("preread_timeout").doesNotContain("preread_buffer_size")
        .doesNotContain("ssl_handshake_timeout").doesNotContain("proxy_protocol_timeout");
  }

  @Test
  void transparencyTimeoutsLimitsAndHalfClose() {
    String yaml = transparent("""
          - name: hop
            engine: nginx
            listen: ["192.168.255.254:4443", "[::1]:4443"]
            transparent: true
            connect-timeout: 250ms
            idle-timeout: 1h
            max-connections: 64
            half-close: true
            forward: {target: sshd}
        """);
    assertThat(file(yaml, "nginx/stream.conf"))
        .contains("limit_conn_zone tproxy_hop zone=tproxy_hop_connections:1m;\n")
        .contains("    listen 192.168.255.254:4443;\n    listen [::1]:4443;\n")
        .contains("    limit_conn tproxy_hop_connections 64;\n")
        .contains("    proxy_connect_timeout 250ms;\n    proxy_timeout 1h;\n")
        .contains("    proxy_bind $remote_addr transparent;\n")
        .contains("    proxy_half_close on;\n")
        .contains("    proxy_pass 192.168.255.254:22;\n");
  }

  @Test
  void proxyProtocolInTrustsOnlyItsPeersAndBindsTheAddressFromTheHeader() {
    String yaml = transparent("""
          - name: hop
            engine: nginx
            engine-version: "1.31.4"
            listen: ["192.168.255.254:4443"]
            transparent: true
            proxy-protocol: {accept: true, trusted: [10.0.0.0/8], send: v2}
            forward: {target: sshd}
        """);
    assertThat(file(yaml, "nginx/stream.conf"))
        .contains("    listen 192.168.255.254:4443 proxy_protocol;\n    allow 10.0.0.0/8;\n    deny all;\n")
        .contains("    proxy_bind $proxy_protocol_addr transparent;\n")
        .contains("    proxy_protocol v2;\n");
  }

  @Test
  void proxyProtocolV2BeforeNginx1314IsRefusedByValidation() {
    String yaml = withServices("""
          - name: hop
            engine: nginx
            listen: ["127.0.0.1:4443"]
            proxy-protocol: {send: v2}
            forward: {target: sshd}
        """);
    assertThatThrownBy(() -> Topologies.generate(yaml)).isInstanceOf(InvalidTopologyException.class)
        .hasMessageContaining("services[0].proxy-protocol.send").hasMessageContaining("1.31.4");
  }

  @Test
  void featuresAnOlderNginxLacksAreRefused() {
    String old = withServices(ROUTER.replace("listen: [\"127.0.0.1:1443\"]",
        "engine-version: \"1.13.9\"\n    listen: [\"127.0.0.1:1443\"]"));
    assertThatThrownBy(() -> Topologies.generate(old)).isInstanceOf(GenerationException.class)
        .hasMessageStartingWith("service \"router\" (services[0].sni-route.rules[2].alpn): nginx 1.13.9 lacks routing by ALPN");
    String oldTerm = withServices(ROUTER.replace("listen: [\"127.0.0.1:1444\"]",
        "engine-version: \"1.14.2\"\n    listen: [\"127.0.0.1:1444\"]"));
    assertThatThrownBy(() -> Topologies.generate(oldTerm)).isInstanceOf(GenerationException.class)
        .hasMessageContaining("(services[1].tls-terminate.certificates): nginx 1.14.2 lacks choosing the certificate by server name")
        .hasMessageContaining("1.15.9");
  }

  @Test
  void servicesWhoseVariablesWouldCollideAreRefused() {
    String yaml = withServices("""
          - {name: a-b, engine: nginx, listen: ["127.0.0.1:4443"], forward: {target: sshd}}
          - {name: a_b, engine: nginx, listen: ["127.0.0.1:4444"], forward: {target: sshd}}
        """);
    assertThatThrownBy(() -> Topologies.generate(yaml)).isInstanceOf(GenerationException.class)
        .hasMessageStartingWith("service \"a_b\" (services[1].name): \"a_b\" and \"a-b\" both become the nginx variable $tproxy_a_b");
  }

  @Test
  void portZeroIsForTheRuntimeOnly() {
    String yaml = withServices("  - {name: hop, engine: nginx, listen: [\"127.0.0.1:0\"], forward: {target: sshd}}\n");
    assertThatThrownBy(() -> Topologies.generate(yaml)).isInstanceOf(GenerationException.class)
        .hasMessageContaining("(services[0].listen[0])").hasMessageContaining("port 0");
  }

  @Test
  void differentPasswordFilesInOneServerAreRefused() {
    String yaml = withServices("""
          - name: term
            engine: nginx
            listen: ["127.0.0.1:1444"]
            tls-terminate:
              certificates:
                - {certificate: /etc/c/d.pem, key: /etc/c/d.key, password-file: /etc/c/p1}
                - {server-names: [a.example.org], certificate: /etc/c/a.pem, key: /etc/c/a.key, password-file: /etc/c/p2}
              target: web
        """);
    assertThatThrownBy(() -> Topologies.generate(yaml)).isInstanceOf(GenerationException.class)
        .hasMessageContaining("(services[0].tls-terminate.certificates)").hasMessageContaining("one ssl_password_file");
  }

  @Test
  void aTargetRealisedByTheRuntimeIsReachedAtItsListenAddress() {
    String yaml = withServices("""
          - {name: hop, engine: nginx, listen: ["127.0.0.1:4443"], forward: {target: inner}}
          - {name: inner, engine: tproxy, listen: ["0.0.0.0:4500"], forward: {target: sshd}}
        """);
    String stream = file(yaml, "nginx/stream.conf");
    assertThat(stream).contains("    proxy_pass 127.0.0.1:4500;\n").doesNotContain("inner");
  }
}
