package dev.tproxy.model.internal.load;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.tproxy.model.SourceLocation;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Streams YAML or JSON text into {@link Node}s, recording positions and refusing duplicate keys. */
public final class NodeReader {

  /** A syntax error in the file, with its position. */
  public static final class SyntaxException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient SourceLocation location;

    SyntaxException(String message, SourceLocation location) {
      super(message);
      this.location = location;
    }

    public SourceLocation location() {
      return location;
    }
  }

  /** Built once: a factory is thread-safe, and building one costs more than reading a topology. */
  private static final class Factories {
    static final JsonFactory JSON = new JsonFactory();
    static final CoreSchemaYamlFactory YAML = new CoreSchemaYamlFactory();
  }

  /** Values that aliases may repeat in one file: a topology repeats a handful. */
  static final long MAX_ALIASED_VALUES = 10_000;

  private final Map<String, Node> anchors = new java.util.HashMap<>();
  private long aliasedValues;
  private final String fileName;
  private final List<String> duplicateKeyErrors = new ArrayList<>();
  private final List<SourceLocation> duplicateKeyLocations = new ArrayList<>();

  private NodeReader(String fileName) {
    this.fileName = fileName;
  }

  /** The parsed document and any duplicate keys found (reported, not fatal). */
  public record Result(Node root, List<String> duplicateKeys, List<SourceLocation> duplicateKeyLocations) {}

  public static Result read(String text, String fileName, boolean json) throws SyntaxException {
    NodeReader reader = new NodeReader(fileName);
    try (JsonParser p = json ? Factories.JSON.createParser(text)
        : Factories.YAML.createParser(new java.io.StringReader(text))) {
      JsonToken first = p.nextToken();
      if (first == null) {
        throw new SyntaxException("the file is empty", new SourceLocation(fileName, 1, 1));
      }
      Node root = reader.value(p);
      JsonToken extra = p.nextToken();
      if (extra != null) {
        throw new SyntaxException("more than one document in the file", reader.at(p.currentTokenLocation()));
      }
      return new Result(root, reader.duplicateKeyErrors, reader.duplicateKeyLocations);
    } catch (JsonParseException e) {
      throw reader.syntaxError(e);
    } catch (IOException e) {
      throw new SyntaxException(e.getMessage(), new SourceLocation(fileName, 1, 1));
    }
  }

  /**
   * SnakeYAML's messages read "while parsing X / in 'reader', line L, column C: / snippet /
   * expected Y, but found Z / in 'reader', line ...": keep the sentences, point at the last
   * position (where the problem is), drop the snippets.
   */
  private SyntaxException syntaxError(JsonParseException e) {
    String msg = e.getOriginalMessage();
    int cut = msg.indexOf("\n at [");
    if (cut > 0) {
      msg = msg.substring(0, cut);
    }
    List<String> sentences = new ArrayList<>();
    SourceLocation where = at(e.getLocation());
    java.util.regex.Pattern position = java.util.regex.Pattern.compile(" in '[^']*', line (\\d+), column (\\d+):");
    for (String line : msg.split("\n")) {
      java.util.regex.Matcher m = position.matcher(line);
      if (m.matches()) {
        where = new SourceLocation(fileName, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
      } else if (!line.isEmpty() && !Character.isWhitespace(line.charAt(0))) {
        sentences.add(line.trim());
      }
    }
    return new SyntaxException(String.join(": ", sentences), where);
  }

  /**
   * A value, with YAML's anchors and aliases resolved as editors resolve them: {@code *name} is
   * the value written at {@code &name}. Aliases share the anchored node; the values they add are
   * counted so that nested aliases cannot make a small file into an enormous tree.
   */
  private Node value(JsonParser p) throws IOException, SyntaxException {
    if (p instanceof CoreSchemaYamlFactory.Parser yaml && yaml.alias() != null) {
      return alias(yaml);
    }
    String anchor = p instanceof CoreSchemaYamlFactory.Parser yaml ? yaml.anchor() : null;
    Node n = valueItself(p);
    if (anchor != null) {
      anchors.put(anchor, n);
    }
    return n;
  }

  private Node alias(CoreSchemaYamlFactory.Parser p) throws SyntaxException {
    String name = p.alias();
    Node target = anchors.get(name);
    if (target == null) {
      throw new SyntaxException("the alias *" + name + " names no anchor (&" + name + ") written before it",
          at(p.currentTokenLocation()));
    }
    aliasedValues += size(target);
    if (aliasedValues > MAX_ALIASED_VALUES) {
      throw new SyntaxException(String.format(java.util.Locale.ROOT,
          "aliases repeat more than %,d values; write the values out", MAX_ALIASED_VALUES), at(p.currentTokenLocation()));
    }
    return target;
  }

  private static long size(Node n) {
    if (n instanceof Node.MapNode m) {
      return 1 + m.entries().values().stream().mapToLong(e -> size(e.value())).sum();
    }
    if (n instanceof Node.ListNode l) {
      return 1 + l.items().stream().mapToLong(NodeReader::size).sum();
    }
    return 1;
  }

  private Node valueItself(JsonParser p) throws IOException, SyntaxException {
    SourceLocation where = at(p.currentTokenLocation());
    JsonToken t = p.currentToken();
    switch (t) {
      case START_OBJECT -> {
        Map<String, Node.Entry> entries = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String key = p.currentName();
          SourceLocation keyAt = at(p.currentTokenLocation());
          p.nextToken();
          Node v = value(p);
          if (entries.containsKey(key)) {
            duplicateKeyErrors.add(key);
            duplicateKeyLocations.add(keyAt);
          } else {
            entries.put(key, new Node.Entry(key, keyAt, v));
          }
        }
        return new Node.MapNode(entries, where);
      }
      case START_ARRAY -> {
        List<Node> items = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          items.add(value(p));
        }
        return new Node.ListNode(items, where);
      }
      case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE, VALUE_NULL -> {
        return scalar(p, t, where);
      }
      default -> throw new JsonParseException(p, "unexpected " + t);
    }
  }

  /**
   * A scalar with its kind. YAML's plain scalars are typed by YAML 1.2's core schema, as editors
   * and JSON-schema tools read them ({@link CoreSchema}), not by SnakeYAML's YAML 1.1 rules.
   */
  private static Node.Scalar scalar(JsonParser p, JsonToken t, SourceLocation where) throws IOException {
    if (p instanceof CoreSchemaYamlFactory.Parser yaml && yaml.untaggedPlain()) {
      String text = p.getText();
      Node.ScalarKind kind = CoreSchema.kindOf(text);
      return new Node.Scalar(kind == Node.ScalarKind.NULL ? "" : text, kind, where);
    }
    Node.ScalarKind kind = switch (t) {
      case VALUE_NUMBER_INT -> Node.ScalarKind.INTEGER;
      case VALUE_NUMBER_FLOAT -> Node.ScalarKind.FLOAT;
      case VALUE_TRUE -> Node.ScalarKind.TRUE;
      case VALUE_FALSE -> Node.ScalarKind.FALSE;
      case VALUE_NULL -> Node.ScalarKind.NULL;
      default -> Node.ScalarKind.STRING;
    };
    return new Node.Scalar(kind == Node.ScalarKind.NULL ? "" : p.getText(), kind, where);
  }

  private SourceLocation at(JsonLocation l) {
    if (l == null) {
      return new SourceLocation(fileName, 1, 1);
    }
    return new SourceLocation(fileName, Math.max(1, l.getLineNr()), Math.max(1, l.getColumnNr()));
  }
}
