package dev.tproxy.tasks.demo;

import java.io.IOException;

/** A stand-in needs a program this machine does not have; the others can still start. */
final class MissingProgramException extends IOException {
  private static final long serialVersionUID = 1L;

  MissingProgramException(String message) {
    super(message);
  }
}
