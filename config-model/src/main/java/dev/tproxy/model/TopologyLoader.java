package dev.tproxy.model;

import dev.tproxy.model.internal.load.Node;
import dev.tproxy.model.internal.load.NodeReader;
import dev.tproxy.model.internal.load.ParserLibraries;
import dev.tproxy.model.internal.load.SourceMap;
import dev.tproxy.model.internal.load.TopologyBinder;
import dev.tproxy.model.internal.validate.Findings;
import dev.tproxy.model.internal.validate.Validation;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Loads a topology from a YAML ({@code tproxy.yaml}) or JSON file and validates it. Every problem
 * is reported at once, each with file, line, column, the field's path and a hint.
 *
 * <p>Needs {@code com.fasterxml.jackson.dataformat:jackson-dataformat-yaml} on the class path: an
 * optional dependency of this module, so that embedders who use {@link Topology#builder} do not
 * carry Jackson and SnakeYAML.
 */
public final class TopologyLoader {

  /**
   * The outcome of loading: the topology (possibly incomplete when there are errors) and every
   * diagnostic, in file order.
   */
  public record Result(Topology topology, Diagnostics diagnostics) {
    /** The topology, when there are no errors. */
    public Topology orThrow() {
      diagnostics.throwIfErrors();
      return topology;
    }
  }

  /**
   * The largest topology file read: a real one is a few kilobytes. A larger file is refused
   * before it is parsed, so a mistaken or hostile file (a 50 MB scalar) cannot take the loader's
   * memory and minutes.
   */
  public static final int MAX_FILE_BYTES = 1 << 20;

  private TopologyLoader() {}

  /** Loads and validates; throws {@link InvalidTopologyException} listing every error. */
  public static Topology load(Path file) throws IOException {
    return read(file).orThrow();
  }

  /** Loads and validates, returning diagnostics instead of throwing on invalid content. */
  public static Result read(Path file) throws IOException {
    return read(file, file.toAbsolutePath().getParent());
  }

  /**
   * {@link #read(Path)} with the relative file paths in the topology resolved against
   * {@code baseDir} instead of the file's directory (a build that keeps generated keys apart
   * from its sources).
   */
  public static Result read(Path file, Path baseDir) throws IOException {
    String name = file.toString();
    long size = Files.size(file);
    if (size > MAX_FILE_BYTES) {
      return tooLarge(name, size);
    }
    byte[] bytes = Files.readAllBytes(file);
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      Diagnostic d = Diagnostic.error("", "the file is not UTF-8 text", "save it as UTF-8")
          .at(new SourceLocation(name, 1, 1));
      return new Result(null, new Diagnostics(List.of(d)));
    }
    return read(text, name, isJson(file), baseDir);
  }

  /**
   * Loads and validates text.
   *
   * @param fileName the name to print in diagnostics
   * @param json true for JSON, false for YAML (YAML 1.1 also reads JSON)
   * @param baseDir relative paths of files on the proxy host are resolved against it; null
   *     keeps them relative (and validation refuses them)
   * @throws IllegalStateException if Jackson or SnakeYAML (optional dependencies of this module)
   *     is not on the class path; the message names the jar to add
   */
  public static Result read(String text, String fileName, boolean json, Path baseDir) {
    if (text.length() > MAX_FILE_BYTES) {
      return tooLarge(fileName, text.length());
    }
    ParserLibraries.require(fileName);
    NodeReader.Result parsed;
    try {
      parsed = NodeReader.read(text, fileName, json);
    } catch (NodeReader.SyntaxException e) {
      Diagnostic d = Diagnostic.error("", "syntax error: " + e.getMessage(), "").at(e.location());
      return new Result(null, new Diagnostics(List.of(d)));
    }
    Node root = parsed.root();
    SourceMap where = SourceMap.of(root, fileName);

    List<Diagnostic> all = new ArrayList<>();
    for (int i = 0; i < parsed.duplicateKeys().size(); i++) {
      all.add(Diagnostic.error("", "the key \"" + parsed.duplicateKeys().get(i) + "\" is written twice",
              "the second one would silently replace the first; remove one")
          .at(parsed.duplicateKeyLocations().get(i)));
    }

    Findings bindFindings = new Findings();
    Topology topology = TopologyBinder.bind(root, bindFindings, baseDir);
    List<Diagnostic> bound = bindFindings.all();
    for (Diagnostic d : bound) {
      all.add(d.at(where.locate(d.path())));
    }
    for (Diagnostic d : Validation.run(topology)) {
      if (!explainedBy(d, bound)) {
        all.add(d.at(where.locate(d.path())));
      }
    }
    all.sort(Comparator.comparing((Diagnostic d) -> d.location().map(SourceLocation::line).orElse(0))
        .thenComparing(d -> d.location().map(SourceLocation::column).orElse(0)));
    return new Result(topology, new Diagnostics(all));
  }

  private static Result tooLarge(String fileName, long size) {
    Diagnostic d = Diagnostic.error("", String.format(Locale.ROOT, "the file is %,d bytes; a topology file is at most %,d",
            size, MAX_FILE_BYTES), "is it the right file? a topology is a few kilobytes")
        .at(new SourceLocation(fileName, 1, 1));
    return new Result(null, new Diagnostics(List.of(d)));
  }

  /**
   * A value the binder could not read is left out of the model; the validator then finds it
   * missing. The binder's message (what was wrong with the value) is the useful one.
   */
  private static boolean explainedBy(Diagnostic validated, List<Diagnostic> bound) {
    String p = validated.path();
    return bound.stream()
        .filter(b -> !b.message().startsWith("unknown key"))
        .map(Diagnostic::path)
        .anyMatch(b -> b.equals(p) || b.startsWith(p + ".") || b.startsWith(p + "["));
  }

  private static boolean isJson(Path file) {
    return Optional.ofNullable(file.getFileName())
        .map(n -> n.toString().toLowerCase(Locale.ROOT).endsWith(".json"))
        .orElse(false);
  }
}
