package dev.tproxy.model;

import static dev.tproxy.model.ValidationRulesTest.diagnostics;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The Java builder validates like the loader; JSON files load like YAML; remaining rules. */
class BuilderAndJsonTest {

  @Test
  void builderReportsEveryErrorWithoutLocations() {
    assertThatThrownBy(() -> Topology.builder("t")
            .service(Service.builder("front").listen("127.0.0.1:1").forward("nowhere"))
            .service(Service.builder("Bad Name").listen("127.0.0.1:1").forward("front"))
            .build())
        .isInstanceOf(InvalidTopologyException.class)
        .hasMessage("""
            invalid topology:
            error: services[1].name: "Bad Name" is not a valid service name
                hint: use 1-48 lower-case letters, digits, - and _, starting with a letter or digit; names become nginx variables, systemd unit and file names
            error: services[1].listen[0]: 127.0.0.1:1 is already taken by services[0].listen[0] (127.0.0.1:1 of "front")
                hint: give each listener its own address or port
            error: services[0].forward.target: no service or backend is named "nowhere"
                hint: targets name a service or a backend of this topology
            3 errors, 0 warnings""");
  }

  @Test
  void builderReportsMissingFields() {
    InvalidTopologyException e = org.junit.jupiter.api.Assertions.assertThrows(InvalidTopologyException.class,
        () -> Topology.builder(null).service(Service.builder(null).build()).build());
    assertThat(e.diagnostics().errors()).extracting(Diagnostic::path, Diagnostic::message).containsExactly(
        org.assertj.core.groups.Tuple.tuple("name", "topology has no name"),
        org.assertj.core.groups.Tuple.tuple("services[0].name", "service has no name"),
        org.assertj.core.groups.Tuple.tuple("services[0].listen", "service \"null\" listens nowhere"),
        org.assertj.core.groups.Tuple.tuple("services[0]", "service \"null\" has no stage"));
  }

  @Test
  void jsonLoadsWithPositions() {
    String json = """
        {"name": "t",
         "backends": [{"name": "b", "address": "127.0.0.1:9"}],
         "services": [{"name": "a", "listen": ["127.0.0.1:1"], "forward": {"target": "c"}}]}
        """;
    TopologyLoader.Result r = TopologyLoader.read(json, "t.json", true, Path.of("/"));
    assertThat(r.diagnostics().all()).extracting(Diagnostic::format).containsExactly("""
        t.json:3:68: error: services[0].forward.target: no service or backend is named "c"
            hint: did you mean "a"?""");
  }

  @Test
  void sniRoutesMatchOnOneThingAndNamesAreUnique() {
    assertThat(diagnostics("""
        name: t
        backends: [{name: b, address: "127.0.0.1:9"}]
        services:
          - name: r
            listen: ["127.0.0.1:1"]
            sni-route:
              default: b
              rules:
                - {server-names: [a.example.org], alpn: [h2], target: b}
                - {target: b}
                - {server-names: [A.example.org, "bad name"], target: b}
        """)).containsExactly(
            "9:11: error: services[0].sni-route.rules[0]: a route matches on server-names or on alpn, not both",
            "10:11: error: services[0].sni-route.rules[1]: the route matches nothing",
            "11:27: error: services[0].sni-route.rules[2].server-names[0]: \"A.example.org\" is already routed at services[0].sni-route.rules[0].server-names[0]",
            "11:42: error: services[0].sni-route.rules[2].server-names[1]: \"bad name\" is not a server name");
  }

  @Test
  void backendsOnThisHostCannotShareAListenersPort() {
    assertThat(diagnostics("""
        name: t
        network: {method: dedicated-address, interface: tproxy0, address: 192.168.255.254/32, table: {id: 111, name: tproxy}}
        backends: [{name: web, address: "192.168.255.254:443"}, {name: any, address: "0.0.0.0:80"}]
        services:
          - {name: front, listen: ["0.0.0.0:443"], forward: {target: web}}
        """)).containsExactly(
            "3:24: error: backends[0].address: backend \"web\" at 192.168.255.254:443 runs on this host, where services[0].listen[0] (0.0.0.0:443 of \"front\") already listens",
            "3:69: error: backends[1].address: 0.0.0.0 is the wildcard address and cannot be connected to");
  }

  @Test
  void demoStandInsRunOnLoopbackOnly() {
    assertThat(diagnostics("""
        name: t
        backends:
          - {name: web, address: "127.0.0.1:18080", demo: http}
          - {name: far, address: "10.0.0.1:22", demo: ssh}
          - {name: odd, address: "127.0.0.1:1", demo: gopher}
        services:
          - {name: front, listen: ["127.0.0.1:8443"], forward: {target: web}}
        """)).containsExactly(
            "4:41: error: backends[1].demo: a demo stand-in only runs on a loopback address",
            "5:41: error: backends[2].demo: demo must be http, https, ssh or echo, not \"gopher\"");
  }

  @Test
  void relativePathsWithoutABaseDirectoryAreRefused() {
    TopologyLoader.Result r = TopologyLoader.read("""
        name: t
        backends: [{name: b, address: "127.0.0.1:9"}]
        services:
          - name: tls
            listen: ["127.0.0.1:1"]
            tls-terminate: {certificates: [{certificate: c.pem, key: c.key}], target: b}
        """, "t.yaml", false, null);
    assertThat(r.diagnostics().errors()).extracting(Diagnostic::message)
        .containsExactly("\"c.pem\" is not an absolute path", "\"c.key\" is not an absolute path");
  }
}
