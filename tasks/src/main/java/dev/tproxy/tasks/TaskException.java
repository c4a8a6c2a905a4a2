package dev.tproxy.tasks;

/**
 * A task could not do what it was asked. {@link Kind#USER} means the input is wrong (a bad
 * topology, a missing file) and the message says what to fix; {@link Kind#INTERNAL} means
 * something failed that the user did not cause. Maven maps them to MojoFailureException and
 * MojoExecutionException, the command line to exit codes 1 and 3.
 */
public class TaskException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Whose fault it is. */
  public enum Kind {
    USER,
    INTERNAL
  }

  private final Kind kind;

  public TaskException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public TaskException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public static TaskException user(String message) {
    return new TaskException(Kind.USER, message);
  }

  public Kind kind() {
    return kind;
  }
}
