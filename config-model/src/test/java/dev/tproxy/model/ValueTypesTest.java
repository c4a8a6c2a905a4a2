package dev.tproxy.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ValueTypesTest {

  @ParameterizedTest
  @CsvSource({"1.20,1,20,0,1.20", "2.3.1,2,3,1,2.3.1", "2,2,0,0,2.0", "2.2.0,2,2,0,2.2"})
  void versionsParseAndPrint(String text, int major, int minor, int patch, String printed) {
    Version v = Version.parse(text);
    assertThat(v).isEqualTo(new Version(major, minor, patch));
    assertThat(v.toString()).isEqualTo(printed);
  }

  @Test
  void versionsCompareNumerically() {
    assertThat(Version.parse("1.20").isAtLeast(Version.parse("1.3"))).isTrue();
    assertThat(Version.parse("2.1.4").isAtLeast(Version.parse("2.2"))).isFalse();
    assertThatThrownBy(() -> Version.parse("2.x")).hasMessageContaining("is not a version");
  }

  @ParameterizedTest
  @CsvSource({"127.0.0.1:443,127.0.0.1:443", "[::1]:22,[::1]:22", "[fd00:0:0::fffe]:1,[fd00::fffe]:1",
      "0.0.0.0:0,0.0.0.0:0"})
  void endpointsParseAndPrintCanonically(String text, String printed) {
    assertThat(SocketEndpoint.parse(text).toString()).isEqualTo(printed);
  }

  @Test
  void endpointsRefuseNamesAndBadPorts() {
    assertThatThrownBy(() -> SocketEndpoint.parse("example.org:443")).hasMessageContaining("not an IP address literal");
    assertThatThrownBy(() -> SocketEndpoint.parse("::1:443")).hasMessageContaining("is not an address");
    assertThatThrownBy(() -> SocketEndpoint.parse("1.2.3.4:")).hasMessageContaining("is not a port number");
    assertThatThrownBy(() -> SocketEndpoint.parse("256.1.1.1:1")).hasMessageContaining("not an IP address literal");
  }

  @Test
  void prefixesContainAddresses() {
    IpPrefix p = IpPrefix.parse("10.1.0.0/16");
    assertThat(p.contains(IpLiterals.parse("10.1.200.3"))).isTrue();
    assertThat(p.contains(IpLiterals.parse("10.2.0.1"))).isFalse();
    assertThat(p.contains(IpLiterals.parse("::1"))).isFalse();
    assertThat(IpPrefix.parse("192.168.255.254").isSingleAddress()).isTrue();
    assertThat(IpPrefix.parse("fd00::/8").contains(IpLiterals.parse("fdff::1"))).isTrue();
  }

  @ParameterizedTest
  @CsvSource({"500ms,PT0.5S,500ms", "5s,PT5S,5s", "180s,PT3M,3m", "3m,PT3M,3m", "2h,PT2H,2h", "1d,PT24H,1d"})
  void durationsUseNginxUnits(String text, Duration expected, String printed) {
    assertThat(Durations.parse(text)).isEqualTo(expected);
    assertThat(Durations.format(expected)).isEqualTo(printed);
  }

  @Test
  void durationsNeedAUnit() {
    assertThatThrownBy(() -> Durations.parse("5")).hasMessageContaining("write a whole number and a unit");
  }

  @Test
  void hostPortsAcceptNames() {
    assertThat(HostPort.parse("proxy.corp:3128")).isEqualTo(new HostPort("proxy.corp", 3128));
    assertThat(HostPort.parse("[fd00::1]:443").toString()).isEqualTo("[fd00::1]:443");
  }

  @Test
  void probeTimeoutDefaultsFollowTheEngine() {
    Demux d = new Demux(java.util.List.of(), null, null);
    assertThat(d.effectiveProbeTimeout(Engine.of(EngineKind.SSLH, "1.20"))).isEqualTo(Duration.ofSeconds(2));
    assertThat(d.effectiveProbeTimeout(Engine.of(EngineKind.SSLH, "2.3"))).isEqualTo(Duration.ofSeconds(5));
    assertThat(d.effectiveProbeTimeout(Engine.of(EngineKind.TPROXY))).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void bindBehaviourFollowsTheSources() {
    assertThat(Engine.of(EngineKind.SSLH, "1.20").capabilities().bindBehaviour()).isEqualTo(BindBehaviour.CLIENT_PORT_NO_FALLBACK);
    assertThat(Engine.of(EngineKind.SSLH, "2.1.4").capabilities().bindBehaviour()).isEqualTo(BindBehaviour.CLIENT_PORT_THEN_EPHEMERAL);
    assertThat(Engine.of(EngineKind.SSLH, "2.2").capabilities().bindBehaviour()).isEqualTo(BindBehaviour.COOPERATIVE);
    assertThat(Engine.of(EngineKind.NGINX).capabilities().bindBehaviour()).isEqualTo(BindBehaviour.NEW_PORT);
    assertThat(Engine.of(EngineKind.STUNNEL).capabilities().bindBehaviour()).isEqualTo(BindBehaviour.CLIENT_PORT_THEN_EPHEMERAL);
  }

  @Test
  void connectAddressOfAWildcardServiceIsLoopback() {
    Topology t = Topology.builder("t")
        .backend("b", "127.0.0.1:9")
        .service(Service.builder("a").listen("0.0.0.0:1000").forward("b"))
        .service(Service.builder("c").listen("127.0.0.1:1001").forward("a"))
        .build();
    assertThat(t.connectAddress(Target.of("a"))).contains(new BackendAddress.Tcp(SocketEndpoint.parse("127.0.0.1:1000")));
    assertThat(t.connectAddress(Target.of("b"))).contains(new BackendAddress.Tcp(SocketEndpoint.parse("127.0.0.1:9")));
  }
}
