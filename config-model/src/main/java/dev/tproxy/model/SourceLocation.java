package dev.tproxy.model;

/** A position in a topology file, 1-based, as editors and compilers print it. */
public record SourceLocation(String file, int line, int column) {
  @Override
  public String toString() {
    return file + ":" + line + ":" + column;
  }
}
