package dev.tproxy.model;

import java.util.List;

/** Plain TCP forwarding of every connection to one target. */
public record Forward(Target target) implements Stage {

  @Override
  public StageKind kind() {
    return StageKind.FORWARD;
  }

  @Override
  public List<Target> targets() {
    return target == null ? List.of() : List.of(target);
  }
}
