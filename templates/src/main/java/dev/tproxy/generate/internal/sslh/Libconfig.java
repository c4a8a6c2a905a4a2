package dev.tproxy.generate.internal.sslh;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A reader for the libconfig syntax sslh's configuration files use: settings, groups, lists,
 * arrays, strings, integers, floats and booleans, with comments. It exists to check generated
 * files against the keys each sslh version knows ({@link SslhKeyTable}), since sslh itself
 * ignores unknown keys and wrongly typed values without a word.
 */
public final class Libconfig {

  /** A parsed value. */
  public sealed interface Value permits Group, ListValue, ArrayValue, Str, Int, Bool, Flt {}

  /** {@code { name: value; ... }}, in file order. */
  public record Group(Map<String, Value> settings) implements Value {
    public Group {
      settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    }
  }

  /** {@code ( value, ... )}: any values. */
  public record ListValue(List<Value> elements) implements Value {}

  /** {@code [ scalar, ... ]}: scalars of one type. */
  public record ArrayValue(List<Value> elements) implements Value {}

  public record Str(String value) implements Value {}

  public record Int(long value) implements Value {}

  public record Bool(boolean value) implements Value {}

  public record Flt(double value) implements Value {}

  /** A syntax error with its line. */
  public static final class SyntaxError extends Exception {
    private static final long serialVersionUID = 1L;

    SyntaxError(int line, String message) {
      super("line " + line + ": " + message);
    }
  }

  private final String text;
  private int pos;
  private int line = 1;

  private Libconfig(String text) {
    this.text = text;
  }

  /** The settings of a whole file. */
  public static Group parse(String text) throws SyntaxError {
    Libconfig p = new Libconfig(text);
    Map<String, Value> settings = p.settings(-1);
    return new Group(settings);
  }

  private Map<String, Value> settings(int close) throws SyntaxError {
    Map<String, Value> settings = new LinkedHashMap<>();
    while (true) {
      skipBlanks();
      if (pos >= text.length()) {
        if (close >= 0) {
          throw error("missing " + (char) close);
        }
        return settings;
      }
      if (text.charAt(pos) == close) {
        pos++;
        return settings;
      }
      String name = name();
      skipBlanks();
      if (!consume(':') && !consume('=')) {
        throw error("expected : or = after " + name);
      }
      Value v = value();
      if (settings.put(name, v) != null) {
        throw error("the setting " + name + " is written twice");
      }
      skipBlanks();
      if (!consume(';')) {
        consume(',');
      }
    }
  }

  private String name() throws SyntaxError {
    int start = pos;
    while (pos < text.length()) {
      char c = text.charAt(pos);
      boolean first = pos == start;
      if (Character.isLetter(c) || c == '*' || (!first && (Character.isDigit(c) || c == '-' || c == '_'))) {
        pos++;
      } else {
        break;
      }
    }
    if (pos == start) {
      throw error("expected a setting name");
    }
    return text.substring(start, pos);
  }

  private Value value() throws SyntaxError {
    skipBlanks();
    if (pos >= text.length()) {
      throw error("expected a value");
    }
    char c = text.charAt(pos);
    if (c == '{') {
      pos++;
      return new Group(settings('}'));
    }
    if (c == '(') {
      pos++;
      return new ListValue(elements(')', false));
    }
    if (c == '[') {
      pos++;
      return new ArrayValue(elements(']', true));
    }
    return scalar();
  }

  private List<Value> elements(char close, boolean scalarsOnly) throws SyntaxError {
    List<Value> out = new ArrayList<>();
    skipBlanks();
    if (consume(close)) {
      return out;
    }
    while (true) {
      Value v = scalarsOnly ? scalar() : value();
      if (scalarsOnly && !out.isEmpty() && out.get(0).getClass() != v.getClass()) {
        throw error("an array mixes types");
      }
      out.add(v);
      skipBlanks();
      if (consume(close)) {
        return out;
      }
      if (!consume(',')) {
        throw error("expected , or " + close);
      }
      skipBlanks();
    }
  }

  private Value scalar() throws SyntaxError {
    skipBlanks();
    if (pos < text.length() && text.charAt(pos) == '"') {
      StringBuilder sb = new StringBuilder();
      do {
        string(sb);
        skipBlanks();
      } while (pos < text.length() && text.charAt(pos) == '"');
      return new Str(sb.toString());
    }
    int start = pos;
    while (pos < text.length()
        && (Character.isLetterOrDigit(text.charAt(pos)) || "+-.".indexOf(text.charAt(pos)) >= 0)) {
      pos++;
    }
    String word = text.substring(start, pos);
    if (word.equalsIgnoreCase("true") || word.equalsIgnoreCase("false")) {
      return new Bool(word.equalsIgnoreCase("true"));
    }
    try {
      String digits = word.endsWith("L") || word.endsWith("l") ? word.substring(0, word.length() - 1) : word;
      if (digits.startsWith("0x") || digits.startsWith("0X")) {
        return new Int(Long.parseLong(digits.substring(2), 16));
      }
      if (digits.matches("[+-]?\\d+")) {
        return new Int(Long.parseLong(digits));
      }
      return new Flt(Double.parseDouble(digits));
    } catch (NumberFormatException e) {
      throw error("\"" + word + "\" is not a value");
    }
  }

  private void string(StringBuilder sb) throws SyntaxError {
    pos++; // opening quote
    while (pos < text.length()) {
      char c = text.charAt(pos++);
      if (c == '"') {
        return;
      }
      if (c == '\n') {
        throw error("a string runs into the next line");
      }
      if (c != '\\') {
        sb.append(c);
        continue;
      }
      if (pos >= text.length()) {
        break;
      }
      char e = text.charAt(pos++);
      switch (e) {
        case '\\', '"' -> sb.append(e);
        case 'n' -> sb.append('\n');
        case 'r' -> sb.append('\r');
        case 't' -> sb.append('\t');
        case 'f' -> sb.append('\f');
        case 'x' -> {
          if (pos + 2 > text.length()) {
            throw error("incomplete \\x escape");
          }
          sb.append((char) Integer.parseInt(text.substring(pos, pos + 2), 16));
          pos += 2;
        }
        default -> throw error("unknown escape \\" + e);
      }
    }
    throw error("unterminated string");
  }

  private void skipBlanks() {
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c == '\n') {
        line++;
        pos++;
      } else if (Character.isWhitespace(c)) {
        pos++;
      } else if (c == '#' || text.startsWith("//", pos)) {
        while (pos < text.length() && text.charAt(pos) != '\n') {
          pos++;
        }
      } else if (text.startsWith("/*", pos)) {
        int end = text.indexOf("*/", pos + 2);
        int stop = end < 0 ? text.length() : end + 2;
        line += (int) text.substring(pos, stop).chars().filter(ch -> ch == '\n').count();
        pos = stop;
      } else {
        return;
      }
    }
  }

  private boolean consume(char c) {
    if (pos < text.length() && text.charAt(pos) == c) {
      pos++;
      return true;
    }
    return false;
  }

  private SyntaxError error(String message) {
    return new SyntaxError(line, message);
  }
}
