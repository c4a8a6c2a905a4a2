package dev.tproxy.runtime.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tproxy.model.Service;
import dev.tproxy.runtime.RouteReason;
import dev.tproxy.runtime.ServiceCounters;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@link TproxyMetrics#refresh()} follows services that come and go, as {@code
 * TproxyRuntime.update} will make them, on a runtime stand-in whose services the test changes.
 */
class TproxyMetricsRefreshTest {

  /** Services by name, changed by the test. */
  private static final class ChangingRuntime implements MeteredRuntime {
    final Map<String, ServiceCounters> services = new LinkedHashMap<>();

    @Override
    public String topologyName() {
      return "changing";
    }

    @Override
    public Set<String> serviceNames() {
      return Set.copyOf(services.keySet());
    }

    @Override
    public ServiceCounters counters(String service) {
      ServiceCounters c = services.get(service);
      if (c == null) {
        throw new IllegalArgumentException(service);
      }
      return c;
    }

    @Override
    public Optional<Service> service(String service) {
      return Optional.empty(); // every meter
    }
  }

  private static ServiceCounters stats(String... targets) {
    return counters(0, targets);
  }

  /** Counters that say {@code accepted} for accepted(), 0 for every other count, and forward routes to {@code targets}. */
  private static ServiceCounters counters(long accepted, String... targets) {
    Set<ServiceCounters.Route> routes = Arrays.stream(targets).map(t -> new ServiceCounters.Route(t, RouteReason.FORWARD))
        .collect(Collectors.toSet());
    return (ServiceCounters) Proxy.newProxyInstance(ServiceCounters.class.getClassLoader(),
        new Class<?>[] {ServiceCounters.class}, (proxy, method, args) -> switch (method.getName()) {
          case "accepted" -> accepted;
          case "routes" -> routes;
          case "equals" -> proxy == args[0];
          case "hashCode" -> System.identityHashCode(proxy);
          case "toString" -> "counters " + accepted;
          default -> 0L;
        });
  }

  private static Set<String> services(MeterRegistry registry) {
    return TproxyMetricsTest.servicesOf(registry);
  }

  @Test
  void servicesThatAppearGetMetersAndServicesThatLeaveLoseThem() {
    ChangingRuntime runtime = new ChangingRuntime();
    runtime.services.put("a", stats("x"));
    runtime.services.put("b", stats("y"));
    MeterRegistry registry = new SimpleMeterRegistry();
    TproxyMetrics metrics = new TproxyMetrics(runtime, Tags.empty());
    metrics.bindTo(registry);
    assertThat(services(registry)).containsExactlyInAnyOrder("a", "b");
    int perService = registry.find("tproxy.connections.accepted").meters().size();
    assertThat(perService).isEqualTo(2);

    runtime.services.remove("b");
    runtime.services.put("c", stats("z"));
    metrics.refresh();
    assertThat(services(registry)).containsExactlyInAnyOrder("a", "c");
    assertThat(registry.find("tproxy.connections.routed").tag("target", "y").meters()).isEmpty();
    assertThat(registry.find("tproxy.connections.routed").tag("target", "z").meters()).hasSize(1);

    int meters = registry.getMeters().size();
    metrics.refresh();
    assertThat(registry.getMeters()).hasSize(meters);

    metrics.close();
    assertThat(registry.getMeters()).isEmpty();
  }

  @Test
  void aServiceWithNewCountersOrRoutesIsRegisteredAgain() {
    ChangingRuntime runtime = new ChangingRuntime();
    ServiceCounters first = counters(1, "x");
    runtime.services.put("a", first);
    MeterRegistry registry = new SimpleMeterRegistry();
    TproxyMetrics metrics = new TproxyMetrics(runtime, Tags.empty());
    metrics.bindTo(registry);

    // an update that restarts "a" with a new route: new counters object, one more route
    runtime.services.put("a", counters(7, "x", "w"));
    metrics.refresh();
    assertThat(registry.find("tproxy.connections.routed").tag("service", "a").meters())
        .extracting(m -> m.getId().getTag("target")).containsExactlyInAnyOrder("x", "w");
    assertThat(registry.find("tproxy.connections.accepted").meters()).hasSize(1);

    // the old counters object is no longer read: the meter reads the new one
    assertThat(registry.get("tproxy.connections.accepted").functionCounter().count()).isEqualTo(7);
    assertThat(first.accepted()).isEqualTo(1);
    metrics.close();
  }

  @Test
  void refreshBeforeBindingRegistersNothing() {
    ChangingRuntime runtime = new ChangingRuntime();
    runtime.services.put("a", stats("x"));
    TproxyMetrics metrics = new TproxyMetrics(runtime, List.of());
    metrics.refresh();
    assertThat(metrics.services()).isEmpty();
  }

  /** Bound to a real runtime, the binder follows its updates by itself. */
  @Test
  void aBoundBinderFollowsTheRuntimesUpdates() {
    dev.tproxy.model.Topology one = dev.tproxy.model.Topology.builder("follow")
        .backend("b", "127.0.0.1:9")
        .service(Service.builder("a").listen("127.0.0.1:0").forward("b"))
        .build();
    dev.tproxy.model.Topology two = dev.tproxy.model.Topology.builder("follow")
        .backend("b", "127.0.0.1:9")
        .service(Service.builder("c").listen("127.0.0.1:0").forward("b"))
        .build();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (dev.tproxy.runtime.TproxyRuntime runtime = dev.tproxy.runtime.TproxyRuntime.start(one);
        TproxyMetrics metrics = new TproxyMetrics(runtime)) {
      metrics.bindTo(registry);
      assertThat(registry.find("tproxy.connections.accepted").tag("service", "a").functionCounter()).isNotNull();
      runtime.update(two);
      assertThat(metrics.services()).containsExactly("c");
      assertThat(registry.find("tproxy.connections.accepted").tag("service", "a").functionCounter()).isNull();
      assertThat(registry.find("tproxy.connections.accepted").tag("service", "c").functionCounter()).isNotNull();
      metrics.close();
      runtime.update(one);
      assertThat(registry.find("tproxy.connections.accepted").functionCounters()).as("closed: no longer follows").isEmpty();
    }
  }
}
