package dev.tproxy.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.tproxy.model.Diagnostic;
import dev.tproxy.model.SourceLocation;
import dev.tproxy.tasks.Reporter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code --format json}: the diagnostics are kept and written at the end as one JSON document on
 * standard output; everything else a task says goes to standard error, so that standard output
 * holds the document alone.
 */
final class JsonDiagnostics implements Reporter {
  private final PrintWriter out;
  private final ConsoleReporter err;
  private final List<Diagnostic> diagnostics = new ArrayList<>();

  JsonDiagnostics(PrintWriter out, PrintWriter err) {
    this.out = out;
    this.err = new ConsoleReporter(err, err);
  }

  @Override
  public void info(String line) {
    err.info(line);
  }

  @Override
  public void warn(String line) {
    err.warn(line);
  }

  @Override
  public void error(String line) {
    err.error(line);
  }

  @Override
  public void diagnostic(Diagnostic d) {
    diagnostics.add(d);
  }

  boolean hasErrors() {
    return diagnostics.stream().anyMatch(Diagnostic::isError);
  }

  /**
   * Writes the document.
   *
   * @param failure the message of a failure that is not a diagnostic (a missing topology file, a
   *     refused directory), or null; the summary of diagnostics is not repeated
   */
  void finish(String command, Path topology, int exitCode, String failure) {
    StringWriter text = new StringWriter();
    try (JsonGenerator g = new JsonFactory().createGenerator(text).useDefaultPrettyPrinter()) {
      g.writeStartObject();
      g.writeStringField("command", command);
      g.writeStringField("topology", topology.toString());
      g.writeNumberField("exitCode", exitCode);
      g.writeNumberField("errors", diagnostics.stream().filter(Diagnostic::isError).count());
      g.writeNumberField("warnings", diagnostics.stream().filter(d -> !d.isError()).count());
      g.writeArrayFieldStart("diagnostics");
      for (Diagnostic d : diagnostics) {
        write(g, d);
      }
      g.writeEndArray();
      if (failure != null) {
        g.writeStringField("failure", failure);
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.println(text);
    out.flush();
  }

  private static void write(JsonGenerator g, Diagnostic d) throws IOException {
    g.writeStartObject();
    SourceLocation l = d.location().orElse(null);
    if (l != null) {
      g.writeStringField("file", l.file());
      g.writeNumberField("line", l.line());
      g.writeNumberField("column", l.column());
    }
    g.writeStringField("severity", d.severity().label());
    g.writeStringField("path", d.path());
    g.writeStringField("message", d.message());
    g.writeStringField("hint", d.hint());
    g.writeEndObject();
  }
}
