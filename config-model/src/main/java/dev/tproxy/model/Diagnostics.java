package dev.tproxy.model;

import java.util.List;
import java.util.stream.Collectors;

/** The outcome of loading or validating a topology: every problem found, in file order. */
public record Diagnostics(List<Diagnostic> all) {

  public Diagnostics {
    all = List.copyOf(all);
  }

  public List<Diagnostic> errors() {
    return all.stream().filter(Diagnostic::isError).toList();
  }

  public List<Diagnostic> warnings() {
    return all.stream().filter(d -> !d.isError()).toList();
  }

  public boolean hasErrors() {
    return all.stream().anyMatch(Diagnostic::isError);
  }

  public void throwIfErrors() {
    if (hasErrors()) {
      throw new InvalidTopologyException(this);
    }
  }

  /** One diagnostic per paragraph, then a count. */
  public String format() {
    if (all.isEmpty()) {
      return "no problems";
    }
    String body = all.stream().map(Diagnostic::format).collect(Collectors.joining("\n"));
    long errors = errors().size();
    long warnings = all.size() - errors;
    return body + "\n" + count(errors, "error") + ", " + count(warnings, "warning");
  }

  private static String count(long n, String what) {
    return n + " " + what + (n == 1 ? "" : "s");
  }
}
