package dev.tproxy.generate;

import dev.tproxy.model.Topology;
import dev.tproxy.model.TopologyLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The topologies of examples/, loaded the same way on every checkout. */
final class Examples {
  static final Path DIRECTORY = Path.of("..", "examples").toAbsolutePath().normalize();

  /**
   * Where relative paths of an example are anchored. The quickstart names its certificates
   * relative to its file; anchoring them here instead of at the checkout keeps generated files
   * (and golden files) the same on every machine.
   */
  static final Path FIXED_BASE = Path.of("/path/to/tproxy/examples");

  static final String PROXYTUNNEL_ENDPOINT = "proxytunnel-endpoint";
  static final String QUICKSTART = "quickstart";
  static final String RUNTIME_SERVICE = "runtime-service";

  private Examples() {}

  static String yaml(String example) {
    try {
      return Files.readString(DIRECTORY.resolve(example).resolve("tproxy.yaml"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Topology load(String example) {
    return load(example, FIXED_BASE.resolve(example));
  }

  static Topology load(String example, Path baseDirectory) {
    return loadYaml(yaml(example), baseDirectory);
  }

  static Topology loadYaml(String yaml, Path baseDirectory) {
    return TopologyLoader.read(yaml, "tproxy.yaml", false, baseDirectory).orThrow();
  }
}
