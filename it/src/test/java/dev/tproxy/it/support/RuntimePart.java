package dev.tproxy.it.support;

import dev.tproxy.model.Backend;
import dev.tproxy.model.BackendAddress;
import dev.tproxy.model.EngineKind;
import dev.tproxy.model.Service;
import dev.tproxy.model.Topology;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The services of a topology that tproxy's runtime realises ({@code engine: tproxy}); the real
 * programs run the others from the generated files, and the runtime reaches them at their
 * (first) listen address, as the generator's README says: such a target becomes a backend.
 */
public final class RuntimePart {
  private RuntimePart() {}

  public static Topology of(Topology t) {
    List<Service> kept = t.services().stream().filter(s -> s.engine().kind() == EngineKind.TPROXY).toList();
    List<Backend> backends = new ArrayList<>(t.backends());
    for (Service other : t.services()) {
      if (other.engine().kind() != EngineKind.TPROXY) {
        backends.add(new Backend(other.name(), new BackendAddress.Tcp(other.listen().get(0)), Optional.empty()));
      }
    }
    return new Topology(t.name(), kept, backends, t.network(), t.certificateAccess(), t.clients());
  }
}
