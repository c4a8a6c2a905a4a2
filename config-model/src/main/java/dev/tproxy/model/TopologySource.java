package dev.tproxy.model;

import dev.tproxy.model.internal.load.NodeReader;
import dev.tproxy.model.internal.load.SourceMap;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Where each field of a topology file was written, for checks that run after loading (the files
 * a topology names, on this host) and want to place their diagnostics as the loader does.
 */
public final class TopologySource {
  private final SourceMap map;

  private TopologySource(SourceMap map) {
    this.map = map;
  }

  /**
   * Reads {@code file} again; empty when it cannot be read or parsed (the loader has said why).
   * The file name in locations is {@code file} as given, as in the loader's diagnostics.
   */
  public static Optional<TopologySource> read(Path file) {
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      boolean json = file.getFileName() != null && file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json");
      String name = file.toString();
      return Optional.of(new TopologySource(SourceMap.of(NodeReader.read(text, name, json).root(), name)));
    } catch (IOException | NodeReader.SyntaxException e) {
      return Optional.empty();
    }
  }

  /** The position of {@code path} ({@code services[1].tls-terminate.certificates[0].key}), or of its nearest written ancestor. */
  public SourceLocation locate(String path) {
    return map.locate(path);
  }
}
