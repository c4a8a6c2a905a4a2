package dev.tproxy.generate.check;

import java.util.Optional;

/**
 * What one program said of one generated file.
 *
 * @param file the file's path in the generated set, e.g. {@code nginx/nginx.conf}
 * @param service the service the file realises, where there is one
 * @param checker what was run, e.g. {@code nginx -t -c}
 * @param detail the program's complaint, or what is missing; empty when it passed
 */
public record Finding(String file, Optional<String> service, String checker, Outcome outcome, String detail) {

  /** How a check ended. */
  public enum Outcome {
    PASSED,
    /** Accepted, with a warning the program printed. */
    WARNED,
    FAILED,
    /** The program is not installed (the detail names the package), or cannot check this here. */
    NOT_RUN
  }

  static Finding passed(String file, Optional<String> service, String checker) {
    return new Finding(file, service, checker, Outcome.PASSED, "");
  }

  static Finding of(String file, Optional<String> service, String checker, Outcome outcome, String detail) {
    return new Finding(file, service, checker, outcome, detail.strip());
  }

  public boolean isFailure() {
    return outcome == Outcome.FAILED;
  }

  /** One line for a person: {@code nginx/nginx.conf (service router): nginx -t -c: FAILED: ...}. */
  public String describe() {
    return file + service.map(s -> " (service " + s + ")").orElse("") + ": " + checker + ": " + outcome
        + (detail.isEmpty() ? "" : ": " + detail);
  }
}
