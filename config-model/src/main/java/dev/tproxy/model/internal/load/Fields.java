package dev.tproxy.model.internal.load;

import dev.tproxy.model.internal.validate.Findings;
import dev.tproxy.model.internal.validate.Paths;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads the fields of one mapping by name, converting and reporting problems with the field's
 * path. Whatever it cannot read becomes absent (null/empty) and is reported; {@link #finish()}
 * reports the keys nobody asked for, so unknown keys are errors, never silently ignored.
 */
final class Fields {
  private final Node.MapNode map;
  private final String path;
  private final Findings findings;
  private final Set<String> known = new HashSet<>();

  private final Path baseDir;

  private Fields(Node.MapNode map, String path, Findings findings, Path baseDir) {
    this.map = map;
    this.path = path;
    this.findings = findings;
    this.baseDir = baseDir;
  }

  /**
   * Fields of {@code node} when it is a mapping; otherwise reports it and returns empty.
   *
   * @param baseDir relative file paths are resolved against it; null leaves them relative
   */
  static Optional<Fields> of(Node node, String path, String what, Findings f, Path baseDir) {
    if (node instanceof Node.MapNode m) {
      return Optional.of(new Fields(m, path, f, baseDir));
    }
    f.error(path, what + " must be a mapping of keys to values, not " + node.kindName(), "");
    return Optional.empty();
  }

  Path baseDir() {
    return baseDir;
  }

  String path() {
    return path;
  }

  String path(String key) {
    return Paths.field(path, key);
  }

  Findings findings() {
    return findings;
  }

  /** The keys as written, in file order. */
  List<String> writtenKeys() {
    return new ArrayList<>(map.entries().keySet());
  }

  boolean has(String key) {
    known.add(key);
    return map.entries().containsKey(key);
  }

  /** The raw node of {@code key}, if written (and marks the key as known). */
  Optional<Node> node(String key) {
    known.add(key);
    Node.Entry e = map.entries().get(key);
    if (e == null) {
      return Optional.empty();
    }
    if (e.value() instanceof Node.Scalar s && s.kind() == Node.ScalarKind.NULL) {
      findings.error(path(key), key + " has no value", "write a value or remove the key");
      return Optional.empty();
    }
    return Optional.of(e.value());
  }

  /** A scalar as text (numbers keep their written form). */
  Optional<String> text(String key) {
    return node(key).flatMap(n -> scalarText(n, path(key)));
  }

  String requiredText(String key, String hint) {
    Optional<String> t = text(key);
    if (t.isEmpty() && !map.entries().containsKey(key)) {
      findings.error(path, key + " is missing", hint);
    }
    return t.orElse(null);
  }

  /** Text converted by {@code parse}; an {@link IllegalArgumentException} becomes a diagnostic. */
  <T> Optional<T> parsed(String key, Function<String, T> parse) {
    return text(key).flatMap(t -> convert(t, path(key), parse));
  }

  Optional<Boolean> bool(String key) {
    return node(key).flatMap(n -> {
      if (n instanceof Node.Scalar s && (s.kind() == Node.ScalarKind.TRUE || s.kind() == Node.ScalarKind.FALSE)) {
        return Optional.of(s.kind() == Node.ScalarKind.TRUE);
      }
      findings.error(path(key), key + " must be true or false, not " + describe(n), "");
      return Optional.empty();
    });
  }

  Optional<Integer> integer(String key) {
    return node(key).flatMap(n -> {
      if (n instanceof Node.Scalar s && s.kind() == Node.ScalarKind.INTEGER) {
        try {
          return Optional.of(Integer.parseInt(s.text()));
        } catch (NumberFormatException e) {
          findings.error(path(key), s.text() + " is too large", "");
          return Optional.empty();
        }
      }
      findings.error(path(key), key + " must be a whole number, not " + describe(n), "");
      return Optional.empty();
    });
  }

  /** A file on the proxy host; relative paths are relative to the topology file. */
  Optional<Path> filePath(String key) {
    return parsed(key, this::hostPath);
  }

  Path hostPath(String s) {
    Path p = toPath(s);
    return baseDir == null || p.isAbsolute() ? p : baseDir.resolve(p).normalize();
  }

  /** A file on the client machine: kept as written ({@code ~/.ssh/client.pem} is fine). */
  Optional<Path> clientPath(String key) {
    return parsed(key, Fields::toPath);
  }

  static Path toPath(String s) {
    // Checked before the JVM sees the name: with a POSIX locale (no LANG, as in most container
    // images) it cannot encode U+202E at all and would only say "Malformed input".
    Optional<String> control = dev.tproxy.model.internal.validate.Texts.controlCharacter(s);
    if (control.isPresent()) {
      throw new IllegalArgumentException("the path contains the control character " + control.get());
    }
    try {
      return Path.of(s);
    } catch (InvalidPathException e) {
      String encoding = System.getProperty("sun.jnu.encoding", "");
      boolean unencodable = e.getReason().contains("unmappable") || e.getReason().contains("Malformed");
      throw new IllegalArgumentException("\"" + s.replace("\0", "\\0") + "\" is not a file path: " + e.getReason()
          + (unencodable ? " (this JVM encodes file names as " + encoding + "; start it with LANG=C.UTF-8)" : ""));
    }
  }

  /** The items of a list field; a single scalar is reported, not silently wrapped. */
  List<Node> list(String key) {
    Optional<Node> n = node(key);
    if (n.isEmpty()) {
      return List.of();
    }
    if (n.get() instanceof Node.ListNode l) {
      return l.items();
    }
    findings.error(path(key), key + " must be a list, not " + describe(n.get()),
        "write [a, b] or one \"- item\" per line");
    return List.of();
  }

  /** A list of scalars converted by {@code parse}; bad items are reported and left out. */
  <T> List<T> parsedList(String key, Function<String, T> parse) {
    List<Node> items = list(key);
    List<T> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      String p = Paths.index(path(key), i);
      scalarText(items.get(i), p).flatMap(t -> convert(t, p, parse)).ifPresent(out::add);
    }
    return out;
  }

  List<String> textList(String key) {
    return parsedList(key, Function.identity());
  }

  Optional<Fields> object(String key, String what) {
    return node(key).flatMap(n -> of(n, path(key), what, findings, baseDir));
  }

  /** Reports every key that no reader asked for, with a suggestion when one is close. */
  void finish() {
    for (Node.Entry e : map.entries().values()) {
      if (!known.contains(e.key())) {
        String suggestion = closest(e.key(), known);
        findings.error(path(e.key()), "unknown key \"" + e.key() + "\"",
            suggestion != null ? "did you mean \"" + suggestion + "\"?" : "allowed here: " + String.join(", ", sortedKnown()));
      }
    }
  }

  private List<String> sortedKnown() {
    List<String> k = new ArrayList<>(known);
    k.sort(null);
    return k;
  }

  private Optional<String> scalarText(Node n, String p) {
    if (n instanceof Node.Scalar s && s.kind() != Node.ScalarKind.NULL) {
      return Optional.of(s.text());
    }
    findings.error(p, "expected a single value, not " + describe(n), "");
    return Optional.empty();
  }

  private <T> Optional<T> convert(String text, String p, Function<String, T> parse) {
    try {
      return Optional.ofNullable(parse.apply(text));
    } catch (IllegalArgumentException e) {
      findings.error(p, e.getMessage(), "");
      return Optional.empty();
    }
  }

  private static String describe(Node n) {
    if (n instanceof Node.Scalar s && s.kind() != Node.ScalarKind.NULL) {
      return n.kindName() + " (" + s.text() + ")";
    }
    return n.kindName();
  }

  private static String closest(String wrong, Set<String> candidates) {
    return dev.tproxy.model.internal.Suggestions.closest(wrong, candidates, Math.max(2, wrong.length() / 3), Fields::normalise)
        .orElse(null);
  }

  /** camelCase and snake_case spellings of kebab-case keys count as close. */
  private static String normalise(String key) {
    return key.replaceAll("([a-z])([A-Z])", "$1-$2").replace('_', '-').toLowerCase(java.util.Locale.ROOT);
  }
}
