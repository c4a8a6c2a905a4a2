package dev.tproxy.it.tunnel;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * What each realisation gave for each case: an outcome, or why there is none (the case threw,
 * the realisation did not start). A case whose outcome breaks its promise still has its outcome
 * here, so that the comparison and the report show it.
 */
final class Outcomes {
  private final Map<Realisation, Map<String, CaseOutcome>> outcomes = new EnumMap<>(Realisation.class);
  private final Map<Realisation, Map<String, String>> failures = new EnumMap<>(Realisation.class);

  synchronized void put(Realisation r, ReferenceCase c, CaseOutcome o) {
    outcomes.computeIfAbsent(r, x -> new HashMap<>()).put(c.title(), o);
  }

  synchronized void failed(Realisation r, ReferenceCase c, String why) {
    failures.computeIfAbsent(r, x -> new HashMap<>()).put(c.title(), why);
  }

  /** The outcome, or null when there is none. */
  synchronized CaseOutcome outcome(Realisation r, ReferenceCase c) {
    return outcomes.getOrDefault(r, Map.of()).get(c.title());
  }

  /** Why there is no outcome ("not run" when nothing says). */
  synchronized String failure(Realisation r, ReferenceCase c) {
    return failures.getOrDefault(r, Map.of()).getOrDefault(c.title(), "not run");
  }
}
