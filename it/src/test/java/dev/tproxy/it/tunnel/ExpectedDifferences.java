package dev.tproxy.it.tunnel;

import java.util.List;

/**
 * The differences from the reference that are known and allowed, each with its reason. The
 * comparison allows exactly these: a field not declared must agree, and a declared difference
 * that no longer happens fails too (the list must say what is true). The report prints them.
 */
final class ExpectedDifferences {
  private ExpectedDifferences() {}

  /**
   * That {@code realisation}'s outcome of the case titled {@code caseTitle} differs from the
   * reference's in {@code field} (one of {@link CaseOutcome#FIELDS}), and why.
   */
  record ExpectedDifference(String caseTitle, Realisation realisation, String field, String reason) {
    boolean covers(ReferenceCase c, Realisation r, String f) {
      return caseTitle.equals(c.title()) && realisation == r && field.equals(f);
    }
  }

  static final List<ExpectedDifference> DECLARED = List.of();
}
