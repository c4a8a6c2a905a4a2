package dev.tproxy.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tproxy.model.BackendAddress;
import dev.tproxy.model.Topology;
import dev.tproxy.model.TopologyLoader;
import org.junit.jupiter.api.Test;

class PortOffsetTest {

  private static Topology topology() {
    return TopologyLoader.read("""
        name: shifted
        backends:
          - {name: local, address: "127.0.0.1:18080", demo: http}
          - {name: remote, address: "192.0.2.7:443"}
        services:
          - name: front
            listen: ["127.0.0.1:8443", "127.0.0.1:0"]
            demux: {rules: [{probe: http, target: local}, {probe: anyprot, target: remote}]}
        """, "t.yaml", false, null).orThrow();
  }

  @Test
  void movesListenersAndLoopbackBackendsButNotPortZeroOrOtherHosts() throws TaskException {
    Topology t = PortOffset.apply(topology(), 100);
    assertThat(t.services().get(0).listen()).extracting(e -> e.port()).containsExactly(8543, 0);
    assertThat(((BackendAddress.Tcp) t.backends().get(0).address()).endpoint().port()).isEqualTo(18180);
    assertThat(t.backends().get(0).demo()).isPresent();
    assertThat(((BackendAddress.Tcp) t.backends().get(1).address()).endpoint().port()).isEqualTo(443);
  }

  @Test
  void zeroIsTheTopologyItself() throws TaskException {
    Topology t = topology();
    assertThat(PortOffset.apply(t, 0)).isSameAs(t);
  }

  @Test
  void aPortBeyond65535IsRefusedNamingIt() {
    assertThatThrownBy(() -> PortOffset.apply(topology(), 60000))
        .isInstanceOf(TaskException.class)
        .hasMessageContaining("moves port 8443 of service front to 68443, outside 1..65535");
  }
}
