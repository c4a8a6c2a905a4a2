package dev.tproxy.model;

import dev.tproxy.model.internal.validate.Validation;

/**
 * Checks a whole topology and reports every problem at once. Paths in the diagnostics use the
 * file format's names ({@code services[0].demux.rules[1].target}), so a loader can attach the
 * line and column.
 */
public final class TopologyValidator {
  private TopologyValidator() {}

  public static Diagnostics validate(Topology topology) {
    return new Diagnostics(Validation.run(topology));
  }
}
