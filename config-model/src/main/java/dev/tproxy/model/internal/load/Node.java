package dev.tproxy.model.internal.load;

import dev.tproxy.model.SourceLocation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed YAML or JSON value with the position it was written at. Scalars keep their original
 * text, for messages, and their kind as YAML 1.2 reads them: {@code engine-version: 1.20} is the
 * number 1.2 to an editor, so it is a number here too, written "1.20".
 */
public sealed interface Node {

  SourceLocation location();

  /** What the value is, for messages: "a list", "a string". */
  String kindName();

  /** A mapping; each entry remembers where its key was written. */
  record MapNode(Map<String, Entry> entries, SourceLocation location) implements Node {
    public MapNode {
      entries = new LinkedHashMap<>(entries);
    }

    @Override
    public String kindName() {
      return "a mapping";
    }
  }

  /** One key of a mapping, with its position and its value. */
  record Entry(String key, SourceLocation keyLocation, Node value) {}

  record ListNode(List<Node> items, SourceLocation location) implements Node {
    public ListNode {
      items = List.copyOf(items);
    }

    @Override
    public String kindName() {
      return "a list";
    }
  }

  /** The kind of a scalar: JSON's, or YAML 1.2's core schema for plain YAML scalars. */
  enum ScalarKind {
    STRING,
    INTEGER,
    FLOAT,
    /** true, True or TRUE; {@code yes} and {@code on} are strings in YAML 1.2. */
    TRUE,
    FALSE,
    NULL
  }

  record Scalar(String text, ScalarKind kind, SourceLocation location) implements Node {
    @Override
    public String kindName() {
      return switch (kind) {
        case STRING -> "a string";
        case INTEGER -> "a whole number";
        case FLOAT -> "a number";
        case TRUE, FALSE -> "true/false";
        case NULL -> "nothing (null)";
      };
    }
  }
}
