package dev.tproxy.model.internal.validate;

import dev.tproxy.model.Diagnostic;
import java.util.ArrayList;
import java.util.List;

/** Collects diagnostics while the rules run. */
public final class Findings {
  private final List<Diagnostic> list = new ArrayList<>();

  public void error(String path, String message) {
    error(path, message, "");
  }

  public void error(String path, String message, String hint) {
    list.add(Diagnostic.error(path, message, hint));
  }

  public void warning(String path, String message, String hint) {
    list.add(Diagnostic.warning(path, message, hint));
  }

  public List<Diagnostic> all() {
    return List.copyOf(list);
  }
}
