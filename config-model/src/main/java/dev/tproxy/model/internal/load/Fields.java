package dev.tproxy.model.internal.load;

import dev.tproxy.model.FileId;
import dev.tproxy.model.internal.validate.Findings;
import dev.tproxy.model.internal.validate.Paths;
import dev.tproxy.model.internal.validate.Texts;
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

  /**
   * A string. A number or true/false is refused, not turned into text: the JSON schema says
   * string, and an editor reads {@code 2} or {@code 1.20} as a number (YAML 1.2).
   */
  Optional<String> text(String key) {
    return node(key).flatMap(n -> string(n, path(key), key + " must be a string"));
  }

  String requiredText(String key, String hint) {
    Optional<String> t = text(key);
    if (t.isEmpty() && !map.entries().containsKey(key)) {
      findings.error(path, key + " is missing", hint);
    }
    return t.orElse(null);
  }

  /** A string converted by {@code parse}; an {@link IllegalArgumentException} becomes a diagnostic. */
  <T> Optional<T> parsed(String key, Function<String, T> parse) {
    return text(key).flatMap(t -> convert(t, path(key), parse));
  }

  /**
   * One of an enum's file ids, written exactly ({@code sslh}, not {@code SSLH}: the schema's
   * enum is case-sensitive); a wrong value or type is reported with the allowed ones.
   */
  <E extends Enum<E> & FileId> Optional<E> choice(String key, Class<E> type) {
    String allowed = FileId.alternatives(type);
    return node(key).flatMap(n -> {
      if (!(n instanceof Node.Scalar s && s.kind() == Node.ScalarKind.STRING)) {
        findings.error(path(key), key + " must be " + allowed + ", not " + describe(n), "");
        return Optional.empty();
      }
      Optional<E> e = FileId.find(type, s.text());
      if (e.isEmpty()) {
        findings.error(path(key), key + " must be " + allowed + ", not " + Texts.quote(s.text()),
            FileId.findIgnoringCase(type, s.text()).map(c -> "write it in lower case: " + c.id()).orElse(""));
      }
      return e;
    });
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

  /** A whole number that fits an int (2, 2.0 and 0x2 alike, as JSON Schema's integer). */
  Optional<Integer> integer(String key) {
    return wholeNumber(key, Integer.MIN_VALUE, Integer.MAX_VALUE).map(Math::toIntExact);
  }

  /** A whole number between {@code min} and {@code max}; outside, "too large" or "too small". */
  Optional<Long> wholeNumber(String key, long min, long max) {
    return node(key).flatMap(n -> {
      Optional<java.math.BigInteger> v = n instanceof Node.Scalar s ? Numbers.wholeValue(s) : Optional.empty();
      if (v.isEmpty()) {
        findings.error(path(key), key + " must be a whole number, not " + describe(n), "");
        return Optional.empty();
      }
      if (v.get().compareTo(java.math.BigInteger.valueOf(max)) > 0) {
        findings.error(path(key), ((Node.Scalar) n).text() + " is too large", "at most " + max);
        return Optional.empty();
      }
      if (v.get().compareTo(java.math.BigInteger.valueOf(min)) < 0) {
        findings.error(path(key), ((Node.Scalar) n).text() + " is too small", "at least " + min);
        return Optional.empty();
      }
      return Optional.of(v.get().longValueExact());
    });
  }

  /**
   * A size in bytes: a whole number, or nginx's text form ({@code 16k}, {@code 10m}, {@code off}).
   */
  Optional<Long> size(String key) {
    Optional<Node> n = node(key);
    if (n.isPresent() && n.get() instanceof Node.Scalar s && s.kind() != Node.ScalarKind.STRING
        && Numbers.wholeValue(s).isPresent()) {
      return wholeNumber(key, 0, Sizes.MAX_DIGITS_VALUE);
    }
    return n.flatMap(x -> string(x, path(key), key + " must be a size such as 16k or a number of bytes"))
        .flatMap(t -> convert(t, path(key), Sizes::parse));
  }

  /** A file on the proxy host; relative paths are relative to the topology file. */
  Optional<Path> filePath(String key) {
    return parsed(key, this::hostPath);
  }

  Path hostPath(String s) {
    if (s.isEmpty()) {
      // Path.of("") is the current directory: resolved, it would silently name the file's own.
      throw new IllegalArgumentException("the path is empty");
    }
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

  /** A list of strings converted by {@code parse}; bad items are reported and left out. */
  <T> List<T> parsedList(String key, Function<String, T> parse) {
    List<Node> items = list(key);
    List<T> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      String p = Paths.index(path(key), i);
      string(items.get(i), p, "expected a string").flatMap(t -> convert(t, p, parse)).ifPresent(out::add);
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

  /**
   * The text of a string node; anything else is reported as "{@code what}, not ..." with, for a
   * number or true/false, how to write it as a string.
   */
  private Optional<String> string(Node n, String p, String what) {
    if (n instanceof Node.Scalar s && s.kind() == Node.ScalarKind.STRING) {
      return Optional.of(s.text());
    }
    String hint = n instanceof Node.Scalar s && s.kind() != Node.ScalarKind.NULL
        ? "quote it: \"" + s.text() + "\"; unquoted, YAML reads it as " + s.kindName()
        : "";
    findings.error(p, what + ", not " + describe(n), hint);
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
