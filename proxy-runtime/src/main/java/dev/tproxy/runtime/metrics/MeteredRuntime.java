package dev.tproxy.runtime.metrics;

import dev.tproxy.model.Service;
import dev.tproxy.runtime.ServiceCounters;
import dev.tproxy.runtime.TproxyRuntime;
import java.util.Optional;
import java.util.Set;

/** What the binder reads of a runtime; an interface so that tests can make services come and go. */
interface MeteredRuntime {
  String topologyName();

  Set<String> serviceNames();

  /** @throws IllegalArgumentException when the service is gone */
  ServiceCounters counters(String service);

  /** The service's model, if the running topology names it. */
  Optional<Service> service(String service);

  static MeteredRuntime of(TproxyRuntime runtime) {
    return new MeteredRuntime() {
      @Override
      public String topologyName() {
        return runtime.topology().name();
      }

      @Override
      public Set<String> serviceNames() {
        return runtime.serviceNames();
      }

      @Override
      public ServiceCounters counters(String service) {
        return runtime.counters(service);
      }

      @Override
      public Optional<Service> service(String service) {
        return runtime.topology().service(service);
      }
    };
  }
}
