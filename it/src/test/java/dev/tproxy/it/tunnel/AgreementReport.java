package dev.tproxy.it.tunnel;

import dev.tproxy.it.tunnel.ExpectedDifferences.ExpectedDifference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The proof in a form a person reads: a Markdown table case × realisation → outcome (backend,
 * client address seen and whether the client's port reached it, bytes, end), each cell marked
 * where it differs from the reference; then the declared differences with their reasons, the
 * disagreements, and the notes (sizes, times, first lines) that are shown but not compared.
 */
final class AgreementReport {
  private AgreementReport() {}

  static String markdown(List<ReferenceCase> cases, Outcomes outcomes, List<ExpectedDifference> declared) {
    StringBuilder md = new StringBuilder("# The reference chain, case by case\n\n");
    md.append("examples/proxytunnel-endpoint realised four ways (`ReferenceChainAgreementIT`), the same cases from the\n"
        + "client namespace. A cell: the backend that answered · the client address it saw, and whether the client's\n"
        + "own port reached it · whether the bytes arrived intact both ways · how the connection ended, seen by the\n"
        + "client. " + Realisation.REFERENCE + ", the generated files on Debian's sslh and nginx, is the reference: every\n"
        + "other cell must equal its row's first, but where a difference is declared below.\n\n");
    md.append("| case | ").append(Arrays.stream(Realisation.values()).map(r -> r.label + "<br>" + r.programs)
        .collect(Collectors.joining(" | "))).append(" |\n");
    md.append("|---|").append("---|".repeat(Realisation.values().length)).append('\n');
    List<String> problems = new ArrayList<>();
    for (ReferenceCase c : cases) {
      md.append("| ").append(c.title());
      CaseOutcome reference = outcomes.outcome(Realisation.REFERENCE, c);
      for (Realisation r : Realisation.values()) {
        md.append(" | ").append(cell(c, r, reference, outcomes.outcome(r, c), outcomes.failure(r, c), declared));
      }
      md.append(" |\n");
      problems.addAll(Agreement.problems(c, outcomes, declared));
    }
    md.append('\n');
    if (problems.isEmpty()) {
      md.append("**Every realisation agrees with ").append(Realisation.REFERENCE).append(" on every case")
          .append(declared.isEmpty() ? ".**" : ", but for the declared differences below.**");
    } else {
      md.append("**").append(problems.size()).append(" disagreement(s) or missing outcome(s)**, below.");
    }
    md.append("\n\n");
    md.append("## Expected differences\n\n");
    if (declared.isEmpty()) {
      md.append("None declared: every field of every case must equal the reference's.\n\n");
    } else {
      for (ExpectedDifference d : declared) {
        md.append("- ").append(d.realisation()).append(", \"").append(d.caseTitle()).append("\", ").append(d.field())
            .append(": ").append(d.reason()).append('\n');
      }
      md.append('\n');
    }
    if (!problems.isEmpty()) {
      md.append("## Disagreements and missing outcomes\n\n");
      problems.forEach(p -> md.append("```\n").append(p).append("\n```\n"));
      md.append('\n');
    }
    md.append("## Notes (shown, not compared)\n\n");
    for (ReferenceCase c : cases) {
      String notes = Arrays.stream(Realisation.values())
          .filter(r -> outcomes.outcome(r, c) != null && !outcomes.outcome(r, c).note().isEmpty())
          .map(r -> r.label.substring(0, 3) + " " + outcomes.outcome(r, c).note()).collect(Collectors.joining("; "));
      if (!notes.isEmpty()) {
        md.append("- ").append(c.title()).append(": ").append(notes).append('\n');
      }
    }
    return md.toString();
  }

  private static String cell(ReferenceCase c, Realisation r, CaseOutcome reference, CaseOutcome outcome, String failure,
      List<ExpectedDifference> declared) {
    if (outcome == null) {
      return "**no outcome**: " + failure.replace('|', '/').replace('\n', ' ');
    }
    if (r == Realisation.REFERENCE || reference == null) {
      return outcome.cell();
    }
    List<String> differing = reference.differingFields(outcome);
    if (differing.isEmpty()) {
      return outcome.cell();
    }
    List<String> undeclared = differing.stream().filter(f -> declared.stream().noneMatch(d -> d.covers(c, r, f))).toList();
    return (undeclared.isEmpty() ? "*differs as declared (" + String.join(", ", differing) + ")*: "
        : "**DISAGREES (" + String.join(", ", undeclared) + ")**: ") + outcome.cell();
  }
}
