package dev.tproxy.runtime.internal;

import dev.tproxy.model.Service;
import dev.tproxy.runtime.internal.forward.Destination;
import dev.tproxy.runtime.internal.terminate.TlsTerminator;
import java.util.Map;
import java.util.Optional;

/**
 * One running service: the model it was made from, where its targets were reached at the time,
 * and the initializer its listeners hand new connections to. An update keeps a unit whose service
 * and target addresses are unchanged, so its connection limit and TLS state carry on.
 */
record ServiceUnit(Service service, Map<String, Destination> targets, ServiceInitializer initializer,
    Optional<TlsTerminator> terminator) {

  ServiceUnit {
    targets = Map.copyOf(targets);
  }

  /** True when {@code next} with {@code nextTargets} would behave exactly as this unit. */
  boolean sameAs(Service next, Map<String, Destination> nextTargets) {
    return service.equals(next) && targets.equals(nextTargets);
  }
}
