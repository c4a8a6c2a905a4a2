package dev.tproxy.generate.internal.syntax;

/**
 * A value that cannot be written into a target syntax without changing what the file means: a
 * control character, a {@code $} where nginx would expand it. Validation refuses such values
 * first; this is the second line of defence, for templates and values validation does not see.
 */
public final class UnsafeValueException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UnsafeValueException(String message) {
    super(message);
  }
}
