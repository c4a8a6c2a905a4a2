package dev.tproxy.model.internal.load;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
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
    JsonFactory factory = json ? new JsonFactory() : new YAMLFactory();
    try (JsonParser p = factory.createParser(text)) {
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

  private Node value(JsonParser p) throws IOException {
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
      case VALUE_STRING -> {
        return new Node.Scalar(p.getText(), Node.ScalarKind.STRING, where);
      }
      case VALUE_NUMBER_INT -> {
        return new Node.Scalar(p.getText(), Node.ScalarKind.INTEGER, where);
      }
      case VALUE_NUMBER_FLOAT -> {
        return new Node.Scalar(p.getText(), Node.ScalarKind.FLOAT, where);
      }
      case VALUE_TRUE -> {
        return new Node.Scalar(p.getText(), Node.ScalarKind.TRUE, where);
      }
      case VALUE_FALSE -> {
        return new Node.Scalar(p.getText(), Node.ScalarKind.FALSE, where);
      }
      case VALUE_NULL -> {
        return new Node.Scalar("", Node.ScalarKind.NULL, where);
      }
      default -> throw new JsonParseException(p, "unexpected " + t);
    }
  }

  private SourceLocation at(JsonLocation l) {
    if (l == null) {
      return new SourceLocation(fileName, 1, 1);
    }
    return new SourceLocation(fileName, Math.max(1, l.getLineNr()), Math.max(1, l.getColumnNr()));
  }
}
