package dev.tproxy.it.tunnel;

import dev.tproxy.it.tunnel.ExpectedDifferences.ExpectedDifference;
import java.util.ArrayList;
import java.util.List;

/**
 * The comparison: for one case, each realisation's outcome against the reference's, field by
 * field. A field that differs and is not declared is a disagreement; a declared difference that
 * did not happen is one too. Each names the case and prints both sides.
 */
final class Agreement {
  private Agreement() {}

  /** One realisation's outcome of one case that differs from the reference's where nothing allows it. */
  record Disagreement(ReferenceCase c, Realisation realisation, CaseOutcome reference, CaseOutcome other, List<String> fields) {
    String describe() {
      return "\"" + c.title() + "\": " + realisation + " differs from the reference " + Realisation.REFERENCE + " in "
          + String.join(", ", fields) + "\n    " + Realisation.REFERENCE.label + ": " + reference
          + "\n    " + realisation.label + ": " + other;
    }
  }

  /**
   * What keeps {@code c} from agreeing in every realisation; empty when all agree with the reference
   * but for the declared differences. A realisation without an outcome (its case failed) cannot be
   * compared, which is a problem too.
   */
  static List<String> problems(ReferenceCase c, Outcomes outcomes, List<ExpectedDifference> declared) {
    List<String> problems = new ArrayList<>();
    CaseOutcome reference = outcomes.outcome(Realisation.REFERENCE, c);
    if (reference == null) {
      return List.of("\"" + c.title() + "\": the reference " + Realisation.REFERENCE + " has no outcome to compare with: "
          + outcomes.failure(Realisation.REFERENCE, c));
    }
    for (Realisation r : Realisation.values()) {
      if (r == Realisation.REFERENCE) {
        continue;
      }
      CaseOutcome other = outcomes.outcome(r, c);
      if (other == null) {
        problems.add("\"" + c.title() + "\": " + r + " has no outcome to compare: " + outcomes.failure(r, c));
        continue;
      }
      List<String> differing = reference.differingFields(other);
      List<String> undeclared = differing.stream().filter(f -> declared.stream().noneMatch(d -> d.covers(c, r, f))).toList();
      if (!undeclared.isEmpty()) {
        problems.add(new Disagreement(c, r, reference, other, undeclared).describe());
      }
      for (ExpectedDifference d : declared) {
        if (d.caseTitle().equals(c.title()) && d.realisation() == r && !differing.contains(d.field())) {
          problems.add("\"" + c.title() + "\": the declared difference of " + r + " in " + d.field() + " (" + d.reason()
              + ") did not happen; both sides:\n    " + Realisation.REFERENCE.label + ": " + reference
              + "\n    " + r.label + ": " + other);
        }
      }
    }
    return problems;
  }
}
