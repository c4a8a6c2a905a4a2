package dev.tproxy.generate.internal.readme;

import dev.tproxy.generate.FileMode;
import dev.tproxy.generate.GeneratedFile;
import dev.tproxy.generate.diagram.MermaidRenderer;
import dev.tproxy.generate.diagram.TopologyGraphs;
import dev.tproxy.generate.internal.FileHeader;
import dev.tproxy.generate.internal.GenerationContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** README.txt: what each directory of the output is and where it is installed. */
public final class ReadmeFile {

  public record Destination(String directory, String installedAt, List<String> files) {}

  /**
   * @param runtimeUnit the unit that runs {@code runtimeServices} in tproxy's launcher
   * @param topologyFile where that unit reads the topology
   * @param runtimeUser the user it runs as
   * @param diagram the lines of the topology's Mermaid diagram; every value in it is escaped
   */
  public record View(String topology, List<Destination> destinations, List<String> runtimeServices,
      String runtimeUnit, String topologyFile, String runtimeUser, String launcher, List<String> diagram) {}

  public GeneratedFile file(GenerationContext context, List<GeneratedFile> files, List<String> runtimeServices) {
    List<Destination> destinations = new ArrayList<>();
    for (Map.Entry<String, String> d : context.layout().destinations().entrySet()) {
      String prefix = d.getKey() + "/";
      List<String> inside = files.stream().map(GeneratedFile::relativePath).filter(p -> p.startsWith(prefix))
          .map(p -> p.substring(prefix.length())).sorted().toList();
      if (!inside.isEmpty()) {
        destinations.add(new Destination(d.getKey(), d.getValue(), inside));
      }
    }
    View view = new View(context.topology().name(), destinations, runtimeServices, context.layout().runtimeUnit(),
        context.layout().topologyInstalled().toString(), context.options().runtimeUser(),
        context.options().launcher().toString(),
        MermaidRenderer.render(TopologyGraphs.of(context.topology())).lines().toList());
    return context.file("README.txt", "README.txt.text.ftl", view, null, FileHeader.CommentStyle.HASH, FileMode.CONFIG);
  }
}
