package dev.tproxy.runtime.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tproxy.model.Service;
import dev.tproxy.model.Topology;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The module on its own, with only the dependencies its POM declares: the example of
 * docs/use-in-your-project.md ("Testing against the runtime") runs as written there.
 */
class TproxyExtensionTest {
  // --- docs/use-in-your-project.md: testing ---
  @RegisterExtension @Order(1)
  static final TestBackend app = new TestBackend("app", TestBackend.echo());

  @RegisterExtension @Order(2)
  static final TproxyExtension proxy = new TproxyExtension() {
    @Override
    protected Topology topology() {
      return Topology.builder("under-test").backend("app", app.addressText())
          .service(Service.builder("front").listen("127.0.0.1:0").forward("app")).build();
    }
  };

  @Test
  void relaysToTheBackend() {
    try (TestClient client = proxy.connect("front")) {
      client.send("hello\n");
      assertThat(client.readLine()).isEqualTo("hello");
    }
    Eventually.await("counted", () -> proxy.counters("front").accepted() == 1);
  }
  // --- end ---
}
