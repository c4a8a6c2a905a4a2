package dev.tproxy.model;

/**
 * Where a stage sends a connection: the name of another service or of a backend. Names are
 * unique across services and backends, so a name alone says which.
 */
public record Target(String name) {

  public static Target of(String name) {
    return new Target(name);
  }

  @Override
  public String toString() {
    return name;
  }
}
