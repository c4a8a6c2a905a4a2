package dev.tproxy.model;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A final destination that tproxy does not realise: sshd, a web server, an in-process handler.
 *
 * @param demo a stand-in server {@code tproxy run --demo-backends} may start at the address
 */
public record Backend(String name, BackendAddress address, Optional<DemoServer> demo) {

  public Backend {
    demo = demo == null ? Optional.empty() : demo;
  }

  public Backend(String name, BackendAddress address) {
    this(name, address, Optional.empty());
  }

  public static Backend tcp(String name, String address) {
    return new Backend(name, new BackendAddress.Tcp(SocketEndpoint.parse(address)));
  }

  public static Backend unix(String name, Path path) {
    return new Backend(name, new BackendAddress.Unix(path));
  }

  public static Backend inProcess(String name) {
    return new Backend(name, new BackendAddress.InProcess());
  }

  /** This backend with a demo stand-in. */
  public Backend withDemo(DemoServer server) {
    return new Backend(name, address, Optional.of(server));
  }
}
