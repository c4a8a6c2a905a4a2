package dev.tproxy.tasks;

import dev.tproxy.generate.diagram.DiagramFormat;
import dev.tproxy.generate.diagram.GraphvizSvg;
import dev.tproxy.model.Topology;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code diagram}: validate, then draw the topology - listeners, stages, routes with their
 * conditions, engines, transparent hops, backends - as Graphviz DOT, Mermaid, or SVG drawn by
 * Graphviz's {@code dot}.
 */
public final class DiagramTask {

  /**
   * @param topologyParameter the front end's name for the topology setting, for messages
   * @param output where the diagram goes; null: nowhere, the caller prints what {@link #run} returns
   * @param formatParameter the front end's name for the format setting, for messages
   */
  public record Parameters(Path topology, String topologyParameter, DiagramFormat format, String formatParameter,
      Path output) {}

  private DiagramTask() {}

  /**
   * The format a front end was given as text.
   *
   * @param parameter the front end's name for the setting, for the message
   */
  public static DiagramFormat format(String value, String parameter) throws TaskException {
    return DiagramFormat.fromId(value == null ? "" : value.trim()).orElseThrow(() -> TaskException.user(
        parameter + ": \"" + value + "\" is not a diagram format; write dot, mermaid or svg"));
  }

  /** The file name a front end uses when asked for none: {@code diagram.mmd}, {@code diagram.svg}. */
  public static String defaultFileName(DiagramFormat format) {
    return "diagram." + format.extension();
  }

  /** @return the diagram's text (DOT, Mermaid or SVG) */
  public static String run(Parameters p, Reporter reporter) throws TaskException {
    Topology t = TopologyFiles.load(p.topology(), p.topologyParameter(), reporter);
    String diagram;
    try {
      diagram = p.format().render(t);
    } catch (GraphvizSvg.RenderException e) {
      throw TaskException.user(e.getMessage() + ", or set " + p.formatParameter() + " to dot or mermaid, which need no program");
    }
    if (p.output() != null) {
      try {
        Path parent = p.output().toAbsolutePath().getParent();
        if (parent != null) {
          Files.createDirectories(parent);
        }
        Files.writeString(p.output(), diagram, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new TaskException(TaskException.Kind.USER, "cannot write the diagram to " + p.output() + ": " + e, e);
      }
      reporter.info("tproxy: drew topology \"" + t.name() + "\" (" + p.format().id() + ") to " + p.output());
    }
    return diagram;
  }
}
