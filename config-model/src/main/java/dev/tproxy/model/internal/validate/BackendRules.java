package dev.tproxy.model.internal.validate;

import dev.tproxy.model.Backend;
import dev.tproxy.model.BackendAddress;
import dev.tproxy.model.Topology;

/** Backends have an address that can be connected to. */
final class BackendRules {

  void check(Topology t, Findings f) {
    for (int i = 0; i < t.backends().size(); i++) {
      Backend b = t.backends().get(i);
      String base = Paths.index("backends", i);
      if (b == null) {
        continue;
      }
      BackendAddress a = b.address();
      if (a == null) {
        f.error(base, "backend \"" + b.name() + "\" has no address",
            "give exactly one of address: \"IP:PORT\", unix: /path/to/socket, in-process: true");
      } else if (a instanceof BackendAddress.Tcp tcp) {
        if (tcp.endpoint().port() == 0) {
          f.error(Paths.field(base, "address"), "port 0 cannot be connected to", "write the port the backend listens on");
        }
        if (tcp.endpoint().isWildcard()) {
          f.error(Paths.field(base, "address"), tcp.endpoint().hostText() + " is the wildcard address and cannot be connected to",
              "write the address the backend listens on, e.g. 127.0.0.1");
        }
      } else if (a instanceof BackendAddress.Unix unix) {
        Texts.checkPath(Paths.field(base, "unix"), unix.path(), f);
      }
      if (b.demo().isPresent() && !(a instanceof BackendAddress.Tcp t2 && t2.endpoint().address().isLoopbackAddress())) {
        f.error(Paths.field(base, "demo"), "a demo stand-in only runs on a loopback address",
            "it is started on this machine by tproxy run --demo-backends; give the backend an address such as 127.0.0.1:18080");
      }
    }
  }
}
