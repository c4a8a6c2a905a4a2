package dev.tproxy.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tproxy.model.Service;
import dev.tproxy.model.Topology;
import dev.tproxy.runtime.testing.TestBackend;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The embedding example of docs/use-in-your-project.md, as it is written there (between the
 * markers), so that the page keeps compiling and doing what it says.
 */
class EmbeddingExampleTest {
  @RegisterExtension static final TestBackend app = new TestBackend("app", TestBackend.echo());

  @Test
  void theDocumentedExampleRelays() throws Exception {
    String appAddress = app.addressText();
    // --- docs/use-in-your-project.md: embedding ---
    Topology topology = Topology.builder("embedded")
        .backend("app", appAddress)                                   // e.g. "127.0.0.1:8080"
        .service(Service.builder("front").listen("127.0.0.1:0").forward("app"))
        .build();
    RuntimeOptions options = RuntimeOptions.builder().drainTimeout(Duration.ofSeconds(5)).build();
    try (TproxyRuntime runtime = TproxyRuntime.start(topology, options)) {
      InetSocketAddress front = runtime.boundAddress("front");        // port 0: the one the kernel chose
      // ... serve; runtime.counters("front") counts connections and bytes
      // --- end ---
      try (Socket s = new Socket(front.getAddress(), front.getPort())) {
        InputStream in = s.getInputStream();
        s.getOutputStream().write("hi\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(new String(in.readNBytes(3), StandardCharsets.US_ASCII)).isEqualTo("hi\n");
      }
      assertThat(runtime.counters("front").accepted()).isEqualTo(1);
    }
  }
}
