package dev.tproxy.model;

import java.util.Objects;

/** An engine and the version the generated files target. */
public record Engine(EngineKind kind, Version version) {

  public Engine {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(version, "version");
  }

  public static Engine of(EngineKind kind) {
    return new Engine(kind, kind.defaultVersion());
  }

  public static Engine of(EngineKind kind, String version) {
    return new Engine(kind, Version.parse(version));
  }

  public EngineCapabilities capabilities() {
    return EngineCapabilities.of(this);
  }

  @Override
  public String toString() {
    return kind.id() + " " + version;
  }
}
