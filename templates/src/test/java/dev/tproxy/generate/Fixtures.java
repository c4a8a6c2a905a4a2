package dev.tproxy.generate;

import dev.tproxy.model.Topology;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Topologies under src/test/resources/features. */
final class Fixtures {
  static final String DEDICATED = "dedicated.yaml";
  static final String FWMARK = "fwmark.yaml";

  private Fixtures() {}

  static String yaml(String name) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/features/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Topology load(String name) {
    return Examples.loadYaml(yaml(name), Path.of("/srv/tproxy"));
  }

  /** The fixture with its /etc paths moved below {@code root}, where tests create the files. */
  static Topology loadBelow(String name, Path root) {
    return Examples.loadYaml(yaml(name).replaceAll("(?<=[\\s\\[,{:])/etc/", root + "/etc/"), root);
  }
}
