package dev.tproxy.generate.internal;

import dev.tproxy.generate.FileMode;
import dev.tproxy.generate.GeneratedFile;
import dev.tproxy.generate.GenerationException;
import dev.tproxy.generate.GeneratorOptions;
import dev.tproxy.model.BackendAddress;
import dev.tproxy.model.EngineKind;
import dev.tproxy.model.Network;
import dev.tproxy.model.Service;
import dev.tproxy.model.SocketEndpoint;
import dev.tproxy.model.Target;
import dev.tproxy.model.Topology;
import java.util.List;
import java.util.Optional;

/** What every file family needs: the topology, the options, the templates and the layout. */
public final class GenerationContext {
  private final Topology topology;
  private final GeneratorOptions options;
  private final TemplateEngine templates;
  private final InstallLayout layout;

  public GenerationContext(Topology topology, GeneratorOptions options, TemplateEngine templates) {
    this.topology = topology;
    this.options = options;
    this.templates = templates;
    this.layout = new InstallLayout(topology.name(), options);
  }

  public Topology topology() {
    return topology;
  }

  public GeneratorOptions options() {
    return options;
  }

  public InstallLayout layout() {
    return layout;
  }

  /** The services a given program realises, in topology order. */
  public List<Service> services(EngineKind kind) {
    return topology.services().stream().filter(s -> s.engine().kind() == kind).toList();
  }

  /** True when the topology has routing plumbing, so units are ordered after its unit. */
  public boolean hasRouting() {
    return !(topology.network() instanceof Network.None);
  }

  /** Renders a template and puts the header in front. */
  public GeneratedFile file(String relativePath, String template, Object view, Service service,
      FileHeader.CommentStyle style, FileMode mode) {
    String body = templates.render(template, view, service == null ? null : service.name());
    return new GeneratedFile(relativePath, FileHeader.apply(style, topology.name(), body), mode);
  }

  /** The path of a field of {@code service} in the topology file, e.g. {@code services[2].listen}. */
  public String field(Service service, String field) {
    String base = "services[" + topology.services().indexOf(service) + "]";
    return field.isEmpty() ? base : base + "." + field;
  }

  public GenerationException error(Service service, String field, String message, String hint) {
    return new GenerationException(service.name(), field(service, field), message, hint);
  }

  /** Programs other than tproxy's runtime need a fixed port to listen on. */
  public void requireFixedPorts(Service service) {
    for (int i = 0; i < service.listen().size(); i++) {
      if (service.listen().get(i).port() == 0) {
        throw error(service, "listen[" + i + "]", "port 0 (any free port) works only in tproxy's runtime; "
            + service.engine().kind() + " needs the port it listens on", "write the port, e.g. " 
            + service.listen().get(i).hostText() + ":443");
      }
    }
  }

  /**
   * Where {@code service} connects for {@code target}: a backend's address or the first listen
   * address of a service.
   *
   * @param field where the target is written, for the error
   */
  public BackendAddress address(Service service, Target target, String field) {
    Optional<BackendAddress> address = topology.connectAddress(target);
    if (address.isEmpty() || address.get() instanceof BackendAddress.InProcess) {
      throw error(service, field, "\"" + target.name() + "\" has no address " + service.engine().kind() + " can connect to",
          "in-process backends are reachable from tproxy's runtime only; give the target a socket address");
    }
    if (address.get() instanceof BackendAddress.Tcp tcp && tcp.endpoint().port() == 0) {
      throw error(service, field, "\"" + target.name() + "\" listens on port 0 (any free port), so "
          + service.engine().kind() + " cannot know where to connect", "give \"" + target.name() + "\" a fixed port");
    }
    return address.get();
  }

  /** A TCP target's endpoint; unix sockets are refused with {@code why}. */
  public SocketEndpoint tcpAddress(Service service, Target target, String field, String why) {
    BackendAddress a = address(service, target, field);
    if (a instanceof BackendAddress.Tcp tcp) {
      return tcp.endpoint();
    }
    throw error(service, field, "\"" + target.name() + "\" is a unix socket, " + why, "give it a TCP address");
  }
}
