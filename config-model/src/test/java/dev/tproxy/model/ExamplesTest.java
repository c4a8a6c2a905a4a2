package dev.tproxy.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every example in examples/ loads as a valid topology. */
class ExamplesTest {

  static final Path EXAMPLES = Path.of("..", "examples").toAbsolutePath().normalize();

  static Stream<Path> examples() throws IOException {
    try (Stream<Path> s = Files.walk(EXAMPLES)) {
      List<Path> files = s.filter(p -> p.getFileName().toString().equals("tproxy.yaml")).sorted().toList();
      assertThat(files).as("examples under %s", EXAMPLES).hasSizeGreaterThanOrEqualTo(2);
      return files.stream();
    }
  }

  @ParameterizedTest
  @MethodSource("examples")
  void loadsWithoutDiagnostics(Path file) throws IOException {
    TopologyLoader.Result r = TopologyLoader.read(file);
    assertThat(r.diagnostics().all()).as(r.diagnostics().format()).isEmpty();
  }

  @Test
  void proxytunnelEndpointIsTheReferenceScenario() throws IOException {
    Topology t = TopologyLoader.load(EXAMPLES.resolve("proxytunnel-endpoint/tproxy.yaml"));
    assertThat(t.services()).extracting(Service::name)
        .containsExactly("front", "sni-router", "tunnel", "tunnel-client-cert");
    assertThat(t.services()).allMatch(Service::transparent);
    Service front = t.service("front").orElseThrow();
    assertThat(front.engine()).isEqualTo(Engine.of(EngineKind.SSLH, "1.20"));
    assertThat(front.engine().capabilities().bindBehaviour()).isEqualTo(BindBehaviour.CLIENT_PORT_NO_FALLBACK);
    SniRoute route = (SniRoute) t.service("sni-router").orElseThrow().stage();
    assertThat(route.defaultTarget()).isEqualTo(Target.of("web"));
    assertThat(route.rules()).extracting(r -> r.target().name())
        .containsExactly("web", "tunnel", "tunnel-client-cert");
    TlsTerminate cc = (TlsTerminate) t.service("tunnel-client-cert").orElseThrow().stage();
    assertThat(cc.clientAuth()).isEqualTo(ClientAuth.required(Path.of("/etc/nginx/public.cert")));
    assertThat(t.network()).isInstanceOf(Network.DedicatedAddress.class);
  }

  @Test
  void quickstartResolvesRelativeCertificatePathsAgainstItsDirectory() throws IOException {
    Topology t = TopologyLoader.load(EXAMPLES.resolve("quickstart/tproxy.yaml"));
    TlsTerminate tls = (TlsTerminate) t.service("terminator").orElseThrow().stage();
    assertThat(tls.certificates().get(0).certificate())
        .isEqualTo(EXAMPLES.resolve("quickstart/certs/demo.test.pem"));
  }

  /** The Java builder and the file describe the same thing: the records compare equal. */
  @Test
  void builderBuildsWhatTheFileSays() throws IOException {
    Topology loaded = TopologyLoader.load(EXAMPLES.resolve("quickstart/tproxy.yaml"));
    Path certs = EXAMPLES.resolve("quickstart/certs");
    Topology built = Topology.builder("quickstart")
        .backend(Backend.tcp("ssh-demo", "127.0.0.1:10022").withDemo(DemoServer.SSH))
        .backend(Backend.tcp("web-demo", "127.0.0.1:18080").withDemo(DemoServer.HTTP))
        .backend(Backend.tcp("web-tls-demo", "127.0.0.1:18443").withDemo(DemoServer.HTTPS))
        .service(Service.builder("front")
            .engine(EngineKind.SSLH, "2.3")
            .listen("127.0.0.1:8443")
            .demux(d -> d.probeTimeout(java.time.Duration.ofSeconds(2))
                .onTimeout("ssh-demo")
                .rule(Probe.SSH, "ssh-demo")
                .rule(Probe.HTTP, "web-demo")
                .rule(Probe.TLS, "sni-router")
                .rule(Probe.ANYPROT, "web-demo")))
        .service(Service.builder("sni-router")
            .engine(EngineKind.NGINX)
            .listen("127.0.0.1:8444")
            .connectTimeout(java.time.Duration.ofSeconds(5))
            .idleTimeout(java.time.Duration.ofMinutes(3))
            .sniRoute("web-tls-demo", s -> s.serverNames("terminator", "demo.test")))
        .service(Service.builder("terminator")
            .engine(EngineKind.NGINX)
            .listen("127.0.0.1:8445")
            .tlsTerminate("web-demo", tls -> tls.certificate(
                certs.resolve("demo.test.pem"), certs.resolve("demo.test.key"), "demo.test")))
        .build();
    assertThat(built).isEqualTo(loaded);
  }
}
