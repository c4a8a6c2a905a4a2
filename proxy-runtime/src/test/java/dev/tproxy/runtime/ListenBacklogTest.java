package dev.tproxy.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tproxy.model.EngineKind;
import dev.tproxy.model.Service;
import dev.tproxy.model.Topology;
import dev.tproxy.runtime.testing.NetnsTestBed;
import dev.tproxy.runtime.testing.TproxyExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Listeners queue as many unaccepted connections as nginx's do (511), not somaxconn's worth. */
class ListenBacklogTest {

  @RegisterExtension
  static final TproxyExtension proxy = new TproxyExtension() {
    @Override
    protected Topology topology() {
      return Topology.builder("backlog").backend("b", "127.0.0.1:9")
          .service(Service.builder("front").listen("127.0.0.1:0").engine(EngineKind.TPROXY).forward("b"))
          .build();
    }
  };

  @Test
  void theListenQueueIsNginxs() {
    int port = proxy.address("front").getPort();
    // For a listening socket, ss shows the backlog as Send-Q.
    String line = NetnsTestBed.run("ss", "-ltnH", "sport = :" + port).trim();
    assertThat(line.split("\\s+")[2]).as(line).isEqualTo("511");
  }
}
