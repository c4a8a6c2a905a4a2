package dev.tproxy.generate.internal;

import dev.tproxy.generate.GeneratedFile;
import java.util.List;

/** One family of generated files (nginx, sslh, systemd, ...). */
public interface FileSource {

  /** The files of this family for the topology of {@code context}; empty when none apply. */
  List<GeneratedFile> files(GenerationContext context);
}
