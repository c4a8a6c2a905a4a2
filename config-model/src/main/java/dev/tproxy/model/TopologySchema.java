package dev.tproxy.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The JSON schema of topology files (draft 2020-12), for editors and other tools: {@code tproxy
 * schema} prints it. It states every rule of the file format that a schema can state; the loader
 * refuses everything it refuses (docs/topology-format.md lists what only the loader checks).
 */
public final class TopologySchema {

  /** The schema's {@code $id}: the address editors are pointed at. */
  public static final String ID = "https://tproxy.dev/schema/topology.schema.json";

  /** Where the schema is on the class path. */
  public static final String RESOURCE = "/dev/tproxy/model/topology.schema.json";

  private TopologySchema() {}

  /** The schema's text, as published. */
  public static String text() {
    try (InputStream in = TopologySchema.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the class path");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
