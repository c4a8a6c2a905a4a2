package dev.tproxy.generate;

import dev.tproxy.generate.internal.FileSource;
import dev.tproxy.generate.internal.GenerationContext;
import dev.tproxy.generate.internal.TemplateEngine;
import dev.tproxy.generate.internal.access.CertificateAccessFiles;
import dev.tproxy.generate.internal.client.SshClientFiles;
import dev.tproxy.generate.internal.nginx.NginxFiles;
import dev.tproxy.generate.internal.readme.ReadmeFile;
import dev.tproxy.generate.internal.routing.RoutingFiles;
import dev.tproxy.generate.internal.sslh.SslhFiles;
import dev.tproxy.generate.internal.stunnel.StunnelFiles;
import dev.tproxy.generate.internal.syntax.UnsafeValueException;
import dev.tproxy.generate.internal.systemd.SystemdFiles;
import dev.tproxy.model.EngineKind;
import dev.tproxy.model.InvalidTopologyException;
import dev.tproxy.model.Service;
import dev.tproxy.model.Topology;
import dev.tproxy.model.TopologyValidator;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a topology into the files of the programs that realise it: nginx stream configuration,
 * sslh and stunnel configurations, systemd units, policy-routing setup, a certificate-ACL script
 * and ssh_config snippets. Services whose engine is {@code tproxy} are realised by tproxy's own
 * runtime: no configuration files are generated for them but the unit that runs the launcher on
 * the topology, other services reach them at their listen address, and
 * {@link GeneratedFiles#runtimeServices()} (and the README) name them.
 *
 * <p>Generation is pure: the same topology and options give the same files, byte for byte.
 * Nothing is written; see {@link GeneratedFilesWriter}.
 */
public final class Generator {
  private static final Logger LOG = LoggerFactory.getLogger(Generator.class);

  private final GeneratorOptions options;
  private final TemplateEngine templates;
  private final List<FileSource> sources = List.of(
      new NginxFiles(),
      new SslhFiles(),
      new StunnelFiles(),
      new SystemdFiles(),
      new RoutingFiles(),
      new CertificateAccessFiles(),
      new SshClientFiles());

  public Generator(GeneratorOptions options) {
    this.options = Objects.requireNonNull(options, "options");
    this.templates = new TemplateEngine(options.templateDirectory());
  }

  /** {@code new Generator(options).generate(topology)}. */
  public static GeneratedFiles generate(Topology topology, GeneratorOptions options) {
    return new Generator(options).generate(topology);
  }

  /**
   * @throws InvalidTopologyException when the topology has validation errors (all are listed)
   * @throws GenerationException when a valid topology cannot be written for the engine versions
   *     it names, or a template fails; the message names the service and field
   */
  public GeneratedFiles generate(Topology topology) {
    Objects.requireNonNull(topology, "topology");
    TopologyValidator.validate(topology).throwIfErrors();
    GenerationContext context = new GenerationContext(topology, options, templates);
    List<GeneratedFile> files = new ArrayList<>();
    for (FileSource source : sources) {
      try {
        files.addAll(source.files(context));
      } catch (UnsafeValueException e) {
        // Validation refuses such values first; this is the escaping's second line of defence.
        throw new GenerationException(null, null, e.getMessage(), "change the value in the topology", e);
      }
    }
    List<String> runtime = topology.services().stream()
        .filter(s -> s.engine().kind() == EngineKind.TPROXY)
        .map(Service::name)
        .toList();
    files.add(new ReadmeFile().file(context, files, runtime));
    if (!runtime.isEmpty()) {
      LOG.debug("topology {}: {} (engine tproxy) run in tproxy's runtime: no configuration files, the unit {} runs them",
          topology.name(), runtime, context.layout().runtimeUnit());
    }
    GeneratedFiles result = new GeneratedFiles(topology.name(), files, runtime);
    LOG.debug("topology {}: generated {}", topology.name(), result.paths());
    return result;
  }
}
