package dev.tproxy.runtime.metrics;

import dev.tproxy.model.Demux;
import dev.tproxy.model.Service;
import dev.tproxy.model.SniRoute;
import dev.tproxy.model.TlsTerminate;
import dev.tproxy.runtime.BindOutcome;
import dev.tproxy.runtime.ServiceCounters;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * The meters of one service, registered together and removed together. Every meter reads the
 * service's {@link ServiceCounters} when scraped; nothing is counted twice.
 */
final class ServiceMeters {

  /**
   * What decides which meters a service has: its counters object (a service the runtime
   * restarted under the same name has new ones), its routes, and the parts of its stage that
   * count something. Equal shapes need no new registration.
   */
  record Shape(ServiceCounters counters, Set<ServiceCounters.Route> routes, boolean decides, boolean terminatesTls,
      boolean acceptsProxyHeaders) {

    static Shape of(ServiceCounters counters, Optional<Service> model) {
      // Without the model (a service the topology does not name), every meter: zeros do no harm.
      boolean decides = model.map(s -> s.stage() instanceof Demux || s.stage() instanceof SniRoute).orElse(true);
      boolean tls = model.map(s -> s.stage() instanceof TlsTerminate).orElse(true);
      boolean proxy = model.map(s -> s.proxyProtocol().accept()).orElse(true);
      return new Shape(counters, Set.copyOf(counters.routes()), decides, tls, proxy);
    }

    @Override
    public boolean equals(Object o) {
      // the counters by identity: a new object is a new service, whatever it holds
      return o instanceof Shape s && s.counters == counters && s.routes.equals(routes) && s.decides == decides
          && s.terminatesTls == terminatesTls && s.acceptsProxyHeaders == acceptsProxyHeaders;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(counters) * 31 + routes.hashCode();
    }
  }

  private final MeterRegistry registry;
  private final Shape shape;
  private final List<Meter> meters = new ArrayList<>();

  private ServiceMeters(MeterRegistry registry, Shape shape) {
    this.registry = registry;
    this.shape = shape;
  }

  Shape shape() {
    return shape;
  }

  /** Registers the meters of service {@code name}, tagged {@code tags} and {@code service=name}. */
  static ServiceMeters register(MeterRegistry registry, Tags tags, String name, Shape shape) {
    ServiceMeters m = new ServiceMeters(registry, shape);
    m.registerAll(tags.and("service", name));
    return m;
  }

  private void registerAll(Tags service) {
    ServiceCounters c = shape.counters();
    counter("tproxy.connections.accepted", "Connections accepted", service, c, ServiceCounters::accepted);
    meters.add(Gauge.builder("tproxy.connections.active", c, x -> x.active())
        .description("Connections open now").tags(service).register(registry));
    counter("tproxy.connections.closed", "Connections closed, for any reason", service, c, ServiceCounters::closed);
    counter("tproxy.connections.refused", "Connections closed at once because a connection limit (the service's or a"
        + " route's) was full", service, c, ServiceCounters::refusedByLimit);
    bytes("from_client", "Bytes read from clients", service, c, ServiceCounters::bytesFromClients);
    bytes("to_client", "Bytes written to clients", service, c, ServiceCounters::bytesToClients);
    for (ServiceCounters.Route r : shape.routes()) {
      counter("tproxy.connections.routed", "Connections the stage sent to a target, by the kind of rule that chose it",
          service.and("target", r.target()).and("reason", r.reason().tag()), c, x -> x.routed(r.target(), r.reason()));
    }
    Set<String> targets = new LinkedHashSet<>();
    shape.routes().forEach(r -> targets.add(r.target()));
    for (String target : targets) {
      Tags t = service.and("target", target);
      counter("tproxy.routes.refused", "Connections refused because the limit of the route to the target was full", t,
          c, x -> x.refusedByRouteLimit(target));
      counter("tproxy.upstream.connect.failures", "Connections closed because the target could not be reached", t, c,
          x -> x.connectFailures(target));
      timer("tproxy.upstream.connect", "Successful connects to the target and the time they took", t, c,
          x -> x.connects(target), x -> x.connectNanos(target));
    }
    for (BindOutcome o : BindOutcome.values()) {
      counter("tproxy.upstream.binds", "Upstream connects by how their local address was bound (transparency)",
          service.and("outcome", o.name().toLowerCase(Locale.ROOT)), c, x -> x.binds(o));
    }
    if (shape.decides()) {
      timer("tproxy.route.decision", "Decisions of the stage and the time from the stage's start to each", service, c,
          ServiceCounters::decisions, ServiceCounters::decisionNanos);
    }
    if (shape.terminatesTls()) {
      counter("tproxy.tls.handshakes", "TLS handshakes by outcome", service.and("outcome", "success"), c,
          ServiceCounters::tlsHandshakes);
      counter("tproxy.tls.handshakes", "TLS handshakes by outcome", service.and("outcome", "failure"), c,
          ServiceCounters::tlsHandshakeFailures);
      counter("tproxy.tls.client.certificate.refusals", "Completed TLS handshakes whose client certificate was refused",
          service, c, ServiceCounters::tlsClientCertificateRefusals);
    }
    if (shape.acceptsProxyHeaders()) {
      counter("tproxy.proxy.header.errors", "Connections closed because of their PROXY header (untrusted peer, malformed,"
          + " late or cut short)", service, c, ServiceCounters::proxyHeaderErrors);
    }
  }

  // Micrometer holds the counters weakly; the shape holds them strongly, so a closed runtime's
  // meters keep their last values until the binder removes them, instead of turning into NaN.

  private void counter(String name, String help, Tags tags, ServiceCounters c, ToLongFunction<ServiceCounters> count) {
    ToDoubleFunction<ServiceCounters> f = x -> count.applyAsLong(x);
    meters.add(FunctionCounter.builder(name, c, f).description(help).tags(tags).register(registry));
  }

  private void bytes(String direction, String help, Tags tags, ServiceCounters c, ToLongFunction<ServiceCounters> count) {
    ToDoubleFunction<ServiceCounters> f = x -> count.applyAsLong(x);
    meters.add(FunctionCounter.builder("tproxy.bytes", c, f).description(help).baseUnit("bytes")
        .tags(tags.and("direction", direction)).register(registry));
  }

  private void timer(String name, String help, Tags tags, ServiceCounters c, ToLongFunction<ServiceCounters> count,
      ToLongFunction<ServiceCounters> nanos) {
    ToDoubleFunction<ServiceCounters> total = x -> nanos.applyAsLong(x);
    meters.add(FunctionTimer.builder(name, c, count, total, TimeUnit.NANOSECONDS)
        .description(help).tags(tags).register(registry));
  }

  /** Removes this service's meters from the registry. */
  void remove() {
    for (Meter m : meters) {
      registry.remove(m);
    }
    meters.clear();
  }

  int size() {
    return meters.size();
  }
}
