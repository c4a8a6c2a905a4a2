package dev.tproxy.runtime.internal;

import dev.tproxy.model.Backend;
import dev.tproxy.model.BackendAddress;
import dev.tproxy.model.Service;
import dev.tproxy.model.SocketEndpoint;
import dev.tproxy.model.Target;
import dev.tproxy.model.Topology;
import dev.tproxy.model.TopologyValidator;
import dev.tproxy.runtime.TproxyStartException;
import dev.tproxy.runtime.internal.limit.FileDescriptorBudget;
import dev.tproxy.runtime.internal.transport.Transport;
import io.netty.channel.ChannelHandler;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** What must hold before a topology starts, and the order its services bind in. */
final class StartChecks {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger("dev.tproxy.runtime.tls");

  private StartChecks() {}

  /**
   * Session tickets cannot always be kept off per service: the JDK issues stateless tickets (keys
   * in memory, rotated hourly) whatever a context says, and Netty's OpenSSL engine turns tickets
   * on for every service that offers TLS 1.3, because BoringSSL resumes TLS 1.3 sessions only
   * through them. Either way a session can be resumed without the cache. Both stop when the JVM
   * starts with {@code -Djdk.tls.server.enableSessionTicketExtension=false}. Said once at start,
   * rather than silently not done.
   */
  static void warnAboutSessionSettings(List<Service> services, dev.tproxy.runtime.TlsProvider provider) {
    if ("false".equalsIgnoreCase(System.getProperty("jdk.tls.server.enableSessionTicketExtension"))) {
      return;
    }
    List<String> names = new ArrayList<>();
    for (Service s : services) {
      if (s.stage() instanceof dev.tproxy.model.TlsTerminate tls
          && (!tls.session().tickets() || tls.session().cacheSize() == 0)
          && (provider == dev.tproxy.runtime.TlsProvider.JDK
              || tls.effectiveProtocols().contains(dev.tproxy.model.TlsProtocol.TLS_1_3))) {
        names.add(s.name());
      }
    }
    if (!names.isEmpty()) {
      LOG.warn("service(s) {} ask for session tickets off (or no session cache), which the {} TLS provider cannot do"
          + " per service{}: it issues session tickets (keys in memory, rotated). Start the JVM with"
          + " -Djdk.tls.server.enableSessionTicketExtension=false to turn them off", names, provider,
          provider == dev.tproxy.runtime.TlsProvider.JDK ? "" : " while TLS 1.3 is offered");
    }
  }

  /**
   * Netty's OpenSSL engine ends both directions when a client's close_notify arrives
   * (ReferenceCountedOpenSslEngine.closeAll), which would cut off the reply a half-closing client
   * waits for: a tls-terminate service with half-close needs the JDK provider.
   */
  /** The provider {@code wanted} stands for with this topology on this class path. */
  static dev.tproxy.runtime.TlsProvider chooseTlsProvider(List<Service> services, dev.tproxy.runtime.TlsProvider wanted) {
    if (wanted != dev.tproxy.runtime.TlsProvider.AUTO) {
      return wanted;
    }
    boolean halfClose = services.stream()
        .anyMatch(s -> s.stage() instanceof dev.tproxy.model.TlsTerminate && s.halfClose());
    boolean terminates = services.stream().anyMatch(s -> s.stage() instanceof dev.tproxy.model.TlsTerminate);
    // Only a topology that terminates TLS loads netty-tcnative's native library.
    return terminates && !halfClose && io.netty.handler.ssl.OpenSsl.isAvailable()
        ? dev.tproxy.runtime.TlsProvider.OPENSSL : dev.tproxy.runtime.TlsProvider.JDK;
  }

  static void checkTlsProvider(List<Service> services, dev.tproxy.runtime.TlsProvider provider) {
    if (provider != dev.tproxy.runtime.TlsProvider.OPENSSL) {
      return;
    }
    for (Service s : services) {
      if (s.stage() instanceof dev.tproxy.model.TlsTerminate && s.halfClose()) {
        throw new TproxyStartException("service \"" + s.name() + "\" asks for half-close, which the OpenSSL TLS provider"
            + " cannot relay (it closes both directions at the client's close_notify); use the JDK provider for it");
      }
    }
  }

  static void checkInProcessTargets(Topology topology, Map<String, ChannelHandler> handlers) {
    for (Map.Entry<String, ChannelHandler> e : handlers.entrySet()) {
      Backend b = topology.backend(e.getKey()).orElse(null);
      if (b == null || !(b.address() instanceof BackendAddress.InProcess)) {
        throw new TproxyStartException("an in-process handler is registered for \"" + e.getKey()
            + "\", but the topology has no in-process backend of that name");
      }
      ChannelHandler h = e.getValue();
      boolean sharable = h instanceof io.netty.channel.ChannelHandlerAdapter a ? a.isSharable()
          : h.getClass().isAnnotationPresent(ChannelHandler.Sharable.class);
      if (!sharable) {
        throw new TproxyStartException("the handler of in-process backend \"" + e.getKey() + "\" ("
            + e.getValue().getClass().getName() + ") is added to every connection, so it must be @Sharable;"
            + " pass a ChannelInitializer");
      }
    }
  }

  /**
   * Transparency needs a native transport (epoll or io_uring) and a process allowed to set IP_TRANSPARENT; both are
   * checked up front so that no connection fails later for it.
   */
  static void checkTransparencyPossible(List<Service> services, Transport transport, boolean ownLoops) {
    List<Service> transparent = services.stream().filter(Service::transparent).toList();
    if (transparent.isEmpty()) {
      return;
    }
    if (!transport.canBeTransparent()) {
      throw new TproxyStartException("service \"" + transparent.get(0).name() + "\" is transparent, which needs"
          + " one of Linux's native transports, epoll or io_uring (IP_TRANSPARENT and IP_BIND_ADDRESS_NO_PORT);"
          + " this runtime uses " + transport + (ownLoops ? "" : " (the embedder's event loops)")
          + ". Run on Linux with netty-transport-native-epoll, or use local mode, which turns transparency off");
    }
    transport.checkTransparencyAllowed(transparent.get(0).name());
  }

  /**
   * The first pair of listeners, 0.0.0.0:P and [::]:P, that share a port (nginx and sslh bind them
   * as two sockets, and so does epoll; io_uring cannot), described for a message.
   */
  static Optional<String> wildcardsSharingAPort(List<Service> services, ListenAddresses addresses) {
    Map<Integer, String> ipv4Wildcards = new HashMap<>();
    Map<Integer, String> ipv6Wildcards = new HashMap<>();
    for (Service s : services) {
      for (SocketEndpoint endpoint : s.listen()) {
        InetSocketAddress a = addresses.effective(endpoint);
        if (a.getAddress().isAnyLocalAddress()) {
          (a.getAddress() instanceof Inet4Address ? ipv4Wildcards : ipv6Wildcards)
              .putIfAbsent(a.getPort(), "service \"" + s.name() + "\"");
        }
      }
    }
    for (Map.Entry<Integer, String> v4 : ipv4Wildcards.entrySet()) {
      String v6 = ipv6Wildcards.get(v4.getKey());
      if (v6 != null) {
        return Optional.of("0.0.0.0:" + v4.getKey() + " (" + v4.getValue() + ") and [::]:" + v4.getKey() + " (" + v6 + ")");
      }
    }
    return Optional.empty();
  }

  /**
   * What start and every update check first, before anything of the runtime's is chosen: the
   * topology is valid, {@code only} names its services, the in-process handlers match its
   * backends, and its connection limits fit in the process's file descriptors.
   *
   * @return the services to run
   */
  static List<Service> runnable(Topology topology, Set<String> only, Map<String, ChannelHandler> inProcess) {
    TopologyValidator.validate(topology).throwIfErrors();
    List<Service> run = servicesToRun(topology, only);
    checkInProcessTargets(topology, inProcess);
    FileDescriptorBudget.check(topology);
    return run;
  }

  /** Why {@code shared} (0.0.0.0:P and [::]:P) cannot both be listened on with {@code transport}. */
  static String dualStack(String shared, Transport transport) {
    return shared + ": on " + transport + " a 0.0.0.0 listener is a dual-stack socket (Netty 4.2.18), so these two"
        + " cannot be bound apart";
  }

  /**
   * The services a runtime runs: those named in {@code only}, or all when it is empty.
   *
   * @throws TproxyStartException when {@code only} names a service the topology does not have
   */
  static List<Service> servicesToRun(Topology topology, Set<String> only) {
    if (only.isEmpty()) {
      return topology.services();
    }
    for (String name : only) {
      if (topology.service(name).isEmpty()) {
        throw new TproxyStartException("no service is named \"" + name + "\" (asked to run it); the services are "
            + topology.services().stream().map(Service::name).toList());
      }
    }
    return topology.services().stream().filter(s -> only.contains(s.name())).toList();
  }

  /**
   * The services named in {@code run}, ordered so that each comes after the services it forwards
   * to (the model forbids cycles); services that run elsewhere are not waited for.
   */
  static List<Service> targetsFirst(Topology topology, Set<String> run) {
    Set<String> done = new LinkedHashSet<>();
    List<Service> order = new ArrayList<>();
    for (Service s : topology.services()) {
      if (run.contains(s.name())) {
        visit(topology, s, run, done, order);
      }
    }
    return order;
  }

  private static void visit(Topology topology, Service s, Set<String> run, Set<String> done, List<Service> order) {
    if (!done.add(s.name())) {
      return;
    }
    for (Target t : s.stage().targets()) {
      topology.service(t.name()).filter(next -> run.contains(next.name()))
          .ifPresent(next -> visit(topology, next, run, done, order));
    }
    order.add(s);
  }
}
