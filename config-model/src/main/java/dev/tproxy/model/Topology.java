package dev.tproxy.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One proxy chain: services, the backends they end at, and the host plumbing around them. Built
 * by {@link #builder(String)} or loaded by {@link TopologyLoader}; both validate. The record
 * itself accepts anything, so that a loader can report every problem at once.
 */
public record Topology(
    String name,
    List<Service> services,
    List<Backend> backends,
    Network network,
    CertificateAccess certificateAccess,
    List<SshClient> clients) {

  public Topology {
    services = Lists.copy(services);
    backends = Lists.copy(backends);
    network = network == null ? Network.NONE : network;
    certificateAccess = certificateAccess == null ? CertificateAccess.NONE : certificateAccess;
    clients = Lists.copy(clients);
  }

  public static Builder builder(String name) {
    return new Builder(name);
  }

  public Optional<Service> service(String name) {
    return services.stream().filter(s -> s != null && name.equals(s.name())).findFirst();
  }

  public Optional<Backend> backend(String name) {
    return backends.stream().filter(b -> b != null && name.equals(b.name())).findFirst();
  }

  /** What a target names: a {@link Service} or a {@link Backend}. */
  public Optional<Object> resolve(Target target) {
    if (target == null || target.name() == null) {
      return Optional.empty();
    }
    return service(target.name()).<Object>map(s -> s).or(() -> backend(target.name()).map(b -> b));
  }

  /**
   * Where a connection to {@code target} goes: a backend's address, or the first listen address
   * of a service (a wildcard listener is reached on the loopback address of its family).
   */
  public Optional<BackendAddress> connectAddress(Target target) {
    Optional<Object> what = resolve(target);
    if (what.isEmpty()) {
      return Optional.empty();
    }
    if (what.get() instanceof Backend b) {
      return Optional.ofNullable(b.address());
    }
    Service s = (Service) what.get();
    if (s.listen().isEmpty()) {
      return Optional.empty();
    }
    SocketEndpoint e = s.listen().get(0);
    if (e.isWildcard()) {
      e = new SocketEndpoint(IpLiterals.parse(e.isIpv6() ? "::1" : "127.0.0.1"), e.port());
    }
    return Optional.of(new BackendAddress.Tcp(e));
  }

  /** Services that name {@code service} as a target. */
  public List<Service> upstreamOf(Service service) {
    List<Service> result = new ArrayList<>();
    for (Service s : services) {
      if (s != null && s.stage() != null
          && s.stage().targets().stream().anyMatch(t -> t != null && service.name() != null && service.name().equals(t.name()))) {
        result.add(s);
      }
    }
    return result;
  }

  /** Fluent construction; {@link #build()} validates and throws on errors. */
  public static final class Builder {
    private final String name;
    private final List<Service> services = new ArrayList<>();
    private final List<Backend> backends = new ArrayList<>();
    private Network network = Network.NONE;
    private CertificateAccess certificateAccess = CertificateAccess.NONE;
    private final List<SshClient> clients = new ArrayList<>();

    private Builder(String name) {
      this.name = name;
    }

    public Builder service(Service service) {
      services.add(service);
      return this;
    }

    public Builder service(Service.Builder service) {
      return service(service.build());
    }

    public Builder backend(Backend backend) {
      backends.add(backend);
      return this;
    }

    /** A TCP backend, {@code backend("sshd", "192.168.255.254:22")}. */
    public Builder backend(String name, String address) {
      return backend(Backend.tcp(name, address));
    }

    public Builder network(Network network) {
      this.network = network;
      return this;
    }

    public Builder certificateAccess(CertificateAccess access) {
      this.certificateAccess = access;
      return this;
    }

    public Builder client(SshClient client) {
      clients.add(client);
      return this;
    }

    /** The topology without validation, for tools that report problems themselves. */
    public Topology buildUnvalidated() {
      return new Topology(name, services, backends, network, certificateAccess, clients);
    }

    /**
     * @throws InvalidTopologyException listing every error when the topology is not valid
     */
    public Topology build() {
      Topology t = buildUnvalidated();
      TopologyValidator.validate(t).throwIfErrors();
      return t;
    }
  }
}
