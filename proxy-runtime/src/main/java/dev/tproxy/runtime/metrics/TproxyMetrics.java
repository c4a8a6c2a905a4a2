package dev.tproxy.runtime.metrics;

import dev.tproxy.runtime.ServiceCounters;
import dev.tproxy.runtime.TproxyRuntime;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A runtime's counters as Micrometer meters: per service, and per target where it applies
 * (docs/runtime.md lists them), tagged {@code topology} and {@code service}. The meters read the
 * runtime's own counters when scraped: binding costs the connections nothing.
 *
 * <pre>{@code
 * TproxyMetrics metrics = new TproxyMetrics(runtime);
 * metrics.bindTo(registry);
 * runtime.update(next);     // the meters follow the services that came and went
 * runtime.close();
 * metrics.close();          // removes the meters from the registry
 * }</pre>
 *
 * Micrometer is an optional dependency of the runtime: only this package uses it. One binder
 * serves one registry (a {@code CompositeMeterRegistry} serves several).
 */
public final class TproxyMetrics implements MeterBinder, AutoCloseable {
  private final MeteredRuntime runtime;
  /** The runtime whose updates the binder follows; null for a test's stand-in. */
  private final TproxyRuntime updates;
  private final java.util.function.Consumer<dev.tproxy.runtime.TopologyChange> onUpdate = change -> refresh();
  private final Tags tags;
  private final Map<String, ServiceMeters> services = new LinkedHashMap<>();
  private MeterRegistry registry;
  private boolean closed;

  /** Meters tagged with the topology's name ({@code topology}). */
  public TproxyMetrics(TproxyRuntime runtime) {
    this(runtime, Tags.empty());
  }

  /** Meters tagged with the topology's name ({@code topology}) and {@code tags}. */
  public TproxyMetrics(TproxyRuntime runtime, Iterable<Tag> tags) {
    this(MeteredRuntime.of(Objects.requireNonNull(runtime, "runtime")), tags, runtime);
  }

  TproxyMetrics(MeteredRuntime runtime, Iterable<Tag> tags) {
    this(runtime, tags, null);
  }

  private TproxyMetrics(MeteredRuntime runtime, Iterable<Tag> tags, TproxyRuntime updates) {
    this.runtime = runtime;
    this.updates = updates;
    this.tags = Tags.of(tags).and("topology", runtime.topologyName());
  }

  /**
   * Registers the meters of every service running now.
   *
   * @throws IllegalStateException when bound to another registry already, or closed
   */
  @Override
  public synchronized void bindTo(MeterRegistry registry) {
    Objects.requireNonNull(registry, "registry");
    if (closed) {
      throw new IllegalStateException("closed: make a new TproxyMetrics");
    }
    if (this.registry != null && this.registry != registry) {
      throw new IllegalStateException("bound to another registry already; a CompositeMeterRegistry serves several");
    }
    if (this.registry == null && updates != null) {
      updates.addUpdateListener(onUpdate);
    }
    this.registry = registry;
    refresh();
  }

  /**
   * Follows the runtime's services as they are now: registers the meters of services (and
   * routes) that appeared, removes those of services that are gone, and registers a service
   * again whose counters or routes changed. Idempotent; a bound binder calls it itself after each
   * {@code TproxyRuntime.update}. Does nothing before {@link #bindTo} or after {@link #close()}.
   */
  public synchronized void refresh() {
    if (registry == null || closed) {
      return;
    }
    Set<String> running = runtime.serviceNames();
    for (Iterator<Map.Entry<String, ServiceMeters>> it = services.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, ServiceMeters> e = it.next();
      if (!running.contains(e.getKey())) {
        e.getValue().remove();
        it.remove();
      }
    }
    for (String name : running) {
      ServiceCounters counters;
      try {
        counters = runtime.counters(name);
      } catch (IllegalArgumentException goneMeanwhile) {
        continue; // an update removed it since serviceNames(); the next refresh removes its meters
      }
      ServiceMeters.Shape shape = ServiceMeters.Shape.of(counters, runtime.service(name));
      ServiceMeters current = services.get(name);
      if (current != null && current.shape().equals(shape)) {
        continue;
      }
      if (current != null) {
        current.remove();
      }
      services.put(name, ServiceMeters.register(registry, tags, name, shape));
    }
  }

  /** The services whose meters are registered now. */
  public synchronized Set<String> services() {
    return Set.copyOf(services.keySet());
  }

  /**
   * Removes every meter this binder registered from its registry, so that a closed runtime's
   * meters do not stay behind (several runtimes may come and go in one JVM and one registry).
   * Idempotent.
   */
  @Override
  public synchronized void close() {
    if (updates != null) {
      updates.removeUpdateListener(onUpdate);
    }
    services.values().forEach(ServiceMeters::remove);
    services.clear();
    closed = true;
  }
}
