package dev.tproxy.model.internal.validate;

import dev.tproxy.model.Diagnostic;
import dev.tproxy.model.Topology;
import java.util.List;

/** Runs every rule over a topology. Rules are independent and tolerate missing fields. */
public final class Validation {
  private Validation() {}

  public static List<Diagnostic> run(Topology topology) {
    Findings f = new Findings();
    new NameRules().check(topology, f);
    new ListenRules().check(topology, f);
    new BackendRules().check(topology, f);
    new StageRules().check(topology, f);
    new TargetRules().check(topology, f);
    new EngineRules().check(topology, f);
    new TransparencyRules().check(topology, f);
    new ChainRules().check(topology, f);
    new NetworkRules().check(topology, f);
    new CertificateAccessRules().check(topology, f);
    new ClientRules().check(topology, f);
    return f.all();
  }
}
