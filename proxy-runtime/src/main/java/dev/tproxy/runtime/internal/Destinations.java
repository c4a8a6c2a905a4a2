package dev.tproxy.runtime.internal;

import dev.tproxy.model.Backend;
import dev.tproxy.model.BackendAddress;
import dev.tproxy.model.Service;
import dev.tproxy.model.Target;
import dev.tproxy.model.Topology;
import dev.tproxy.runtime.TproxyStartException;
import dev.tproxy.runtime.internal.forward.Destination;
import dev.tproxy.runtime.internal.transport.Transport;
import io.netty.channel.ChannelHandler;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Resolves a service's targets to where they are reached: a backend's address, the handler of an
 * in-process backend, or the address another service of this runtime really listens on (its
 * ephemeral port resolved, its local-mode address), so a chain works however it was started. A
 * service that runs elsewhere (not among {@code RuntimeOptions.onlyServices}) is reached where the
 * topology says it listens, moved as local mode moves listeners.
 */
final class Destinations {
  private final Topology topology;
  private final Transport transport;
  private final Map<String, ChannelHandler> inProcess;
  private final Map<String, List<InetSocketAddress>> bound;
  private final Set<String> runHere;
  private final ListenAddresses addresses;

  /**
   * @param bound where the services of this runtime started so far listen
   * @param runHere the services this runtime runs
   */
  Destinations(Topology topology, Transport transport, Map<String, ChannelHandler> inProcess,
      Map<String, List<InetSocketAddress>> bound, Set<String> runHere, ListenAddresses addresses) {
    this.topology = topology;
    this.transport = transport;
    this.inProcess = inProcess;
    this.bound = bound;
    this.runHere = runHere;
    this.addresses = addresses;
  }

  /** Every target of {@code service}, by name; the services it names must be bound already. */
  Map<String, Destination> of(Service service) {
    Map<String, Destination> out = new HashMap<>();
    for (Target t : service.stage().targets()) {
      out.computeIfAbsent(t.name(), this::resolve);
    }
    return out;
  }

  private Destination resolve(String name) {
    Backend backend = topology.backend(name).orElse(null);
    if (backend == null && !runHere.contains(name)) {
      InetSocketAddress written = addresses.effective(topology.service(name).orElseThrow().listen().get(0));
      return new Destination.Tcp(ListenAddresses.IpLoopback.reach(written));
    }
    if (backend == null) {
      List<InetSocketAddress> addresses = bound.get(name);
      if (addresses == null || addresses.isEmpty()) {
        throw new IllegalStateException("service \"" + name + "\" is not listening yet");
      }
      return new Destination.Tcp(ListenAddresses.IpLoopback.reach(addresses.get(0)));
    }
    BackendAddress address = backend.address();
    if (address instanceof BackendAddress.Tcp tcp) {
      return new Destination.Tcp(tcp.endpoint().toInetSocketAddress());
    }
    if (address instanceof BackendAddress.Unix unix) {
      return new Destination.Unix(transport.unixAddress(unix.path()));
    }
    ChannelHandler handler = inProcess.get(name);
    if (handler == null) {
      throw new TproxyStartException("backend \"" + name + "\" is in-process but no handler is registered for it:"
          + " RuntimeOptions.builder().inProcessTarget(\"" + name + "\", handler)");
    }
    return new Destination.InProcess(name, handler);
  }
}
