package dev.tproxy.generate.diagram;

import dev.tproxy.generate.check.Programs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Renders DOT to SVG with Graphviz's {@code dot} (Debian package graphviz). */
public final class GraphvizSvg {
  private static final Logger LOG = LoggerFactory.getLogger(GraphvizSvg.class);

  /** dot lays out a topology's few boxes in well under a second; a hang must not hang a build. */
  public static final Duration TIMEOUT = Duration.ofSeconds(60);

  /** Why there is no SVG: {@code dot} is missing, failed, or did not finish. */
  public static final class RenderException extends Exception {
    private static final long serialVersionUID = 1L;

    RenderException(String message) {
      super(message);
    }
  }

  private GraphvizSvg() {}

  /** The installed {@code dot}, if any. */
  public static Optional<Path> dot() {
    return Programs.find("dot");
  }

  public static String render(String dot) throws RenderException {
    return render(dot, dot());
  }

  /** With {@code dot} given, so that its absence can be tested on a machine that has it. */
  static String render(String dot, Optional<Path> dotProgram) throws RenderException {
    Path program = dotProgram.orElseThrow(() -> new RenderException(
        "SVG needs Graphviz's dot, which is not installed: install the Debian package graphviz"
            + " (apt-get install graphviz)"));
    Path input = null;
    try {
      // Programs.run gives the program no standard input, so the graph goes in a file.
      input = Files.createTempFile("tproxy-diagram", ".dot");
      Files.writeString(input, dot, StandardCharsets.UTF_8);
      LOG.debug("running {} -Tsvg {}", program, input);
      Programs.Result r = Programs.run(List.of(program.toString(), "-Tsvg", input.toString()), TIMEOUT);
      if (r.exit() != 0) {
        throw new RenderException("dot could not render the diagram:\n" + r.describe());
      }
      return r.stdout();
    } catch (Programs.TimedOut e) {
      throw new RenderException(e.getMessage());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      if (input != null) {
        try {
          Files.deleteIfExists(input);
        } catch (IOException e) {
          LOG.warn("cannot delete {}: {}", input, e.getMessage());
        }
      }
    }
  }
}
