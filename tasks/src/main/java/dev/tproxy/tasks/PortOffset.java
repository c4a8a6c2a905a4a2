package dev.tproxy.tasks;

import dev.tproxy.model.Backend;
import dev.tproxy.model.BackendAddress;
import dev.tproxy.model.Service;
import dev.tproxy.model.SocketEndpoint;
import dev.tproxy.model.Topology;
import java.util.List;

/**
 * A topology with its ports moved by a fixed offset, for running it locally beside something that
 * holds its ports (a second checkout, a CI job, the quickstart twice): every listen port, and the
 * port of every backend on a loopback address, since those are the local stand-ins the topology's
 * routes must still reach. Port 0 (any free port) stays 0; other backends stay as written.
 */
public final class PortOffset {
  private PortOffset() {}

  /**
   * @param offset added to the ports; 0 returns {@code t} itself
   * @throws TaskException when a port would leave 1..65535
   */
  public static Topology apply(Topology t, int offset) throws TaskException {
    if (offset == 0) {
      return t;
    }
    List<Service> services = new java.util.ArrayList<>();
    for (Service s : t.services()) {
      List<SocketEndpoint> listen = new java.util.ArrayList<>();
      for (SocketEndpoint e : s.listen()) {
        listen.add(shift(e, offset, "service " + s.name()));
      }
      services.add(new Service(s.name(), listen, s.engine(), s.transparent(), s.connectTimeout(), s.idleTimeout(),
          s.proxyProtocol(), s.maxConnections(), s.halfClose(), s.transparentBind(), s.stage()));
    }
    List<Backend> backends = new java.util.ArrayList<>();
    for (Backend b : t.backends()) {
      BackendAddress address = b.address();
      if (address instanceof BackendAddress.Tcp tcp && tcp.endpoint().address().isLoopbackAddress()) {
        address = new BackendAddress.Tcp(shift(tcp.endpoint(), offset, "backend " + b.name()));
      }
      backends.add(new Backend(b.name(), address, b.demo()));
    }
    return new Topology(t.name(), services, backends, t.network(), t.certificateAccess(), t.clients());
  }

  private static SocketEndpoint shift(SocketEndpoint e, int offset, String what) throws TaskException {
    if (e.port() == 0) {
      return e;
    }
    int port = e.port() + offset;
    if (port < 1 || port > 65535) {
      throw TaskException.user("the port offset " + offset + " moves port " + e.port() + " of " + what
          + " to " + port + ", outside 1..65535");
    }
    return new SocketEndpoint(e.address(), port);
  }
}
