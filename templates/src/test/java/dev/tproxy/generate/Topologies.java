package dev.tproxy.generate;

import dev.tproxy.model.Topology;
import java.nio.file.Path;

/** Small topologies written as YAML, for unit tests of one generated file. */
public final class Topologies {
  private Topologies() {}

  /** Loads and validates; relative paths are anchored at /srv/tproxy. */
  public static Topology of(String yaml) {
    return Examples.loadYaml(yaml, Path.of("/srv/tproxy"));
  }

  /** The files generated with default options. */
  public static GeneratedFiles generate(String yaml) {
    return Generator.generate(of(yaml), GeneratorOptions.defaults());
  }

  /** One file's content. */
  public static String file(String yaml, String path) {
    return generate(yaml).file(path).orElseThrow(() -> new AssertionError("no file " + path)).content();
  }

  /** A topology with the given services (YAML list items, indented by two) and backends sshd and web on 127.0.0.1. */
  public static String withServices(String services) {
    return """
        name: t
        backends:
          - {name: sshd, address: "127.0.0.1:22"}
          - {name: web, address: "127.0.0.1:8080"}
        services:
        """ + services;
  }

  /** Like {@link #withServices}, with the dedicated-address network and backends on the hidden address. */
  public static String transparent(String services) {
    return """
        name: t
        network:
          method: dedicated-address
          interface: tproxy0
          address: 192.168.255.254/32
          table: {id: 111, name: tproxy}
        backends:
          - {name: sshd, address: "192.168.255.254:22"}
          - {name: web, address: "192.168.255.254:8080"}
        services:
        """ + services;
  }
}
