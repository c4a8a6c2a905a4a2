package dev.tproxy.model.internal.load;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Properties;

/**
 * Jackson and SnakeYAML, which read topology files, are optional dependencies of the model: an
 * embedder that builds its topology with {@code Topology.builder(...)} does without them. This
 * checks for them before {@link NodeReader}, which links against them, is loaded, so that a
 * missing jar is named instead of surfacing as a NoClassDefFoundError.
 */
public final class ParserLibraries {
  static final String ARTIFACT = "com.fasterxml.jackson.dataformat:jackson-dataformat-yaml";

  /** One class of a jar NodeReader needs, and the jar's coordinates. */
  private record Probe(String className, String artifact) {}

  private static final List<Probe> PROBES = List.of(
      new Probe("com.fasterxml.jackson.core.JsonFactory", "com.fasterxml.jackson.core:jackson-core"),
      new Probe("com.fasterxml.jackson.dataformat.yaml.YAMLFactory", ARTIFACT),
      new Probe("org.yaml.snakeyaml.LoaderOptions", "org.yaml:snakeyaml"));

  private ParserLibraries() {}

  /** @throws IllegalStateException naming {@code fileName} and the missing jar */
  public static void require(String fileName) {
    ClassLoader loader = ParserLibraries.class.getClassLoader();
    for (Probe probe : PROBES) {
      try {
        Class.forName(probe.className(), false, loader);
      } catch (ClassNotFoundException | LinkageError e) {
        throw new IllegalStateException("cannot read " + fileName + ": reading a topology file needs "
            + probe.artifact() + ", which is not on the class path; add " + coordinates()
            + " (it brings jackson-core and org.yaml:snakeyaml). Topology.builder(...) needs neither.", e);
      }
    }
  }

  /** jackson-dataformat-yaml with the version tproxy is built with, from a resource Maven filters. */
  static String coordinates() {
    Properties p = new Properties();
    try (InputStream in = ParserLibraries.class.getResourceAsStream("parser-libraries.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      return ARTIFACT;
    }
    String version = p.getProperty("jackson.version");
    return version == null ? ARTIFACT : ARTIFACT + ":" + version;
  }
}
