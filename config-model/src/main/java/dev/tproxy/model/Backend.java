package dev.tproxy.model;

import java.nio.file.Path;

/** A final destination that tproxy does not realise: sshd, a web server, an in-process handler. */
public record Backend(String name, BackendAddress address) {

  public static Backend tcp(String name, String address) {
    return new Backend(name, new BackendAddress.Tcp(SocketEndpoint.parse(address)));
  }

  public static Backend unix(String name, Path path) {
    return new Backend(name, new BackendAddress.Unix(path));
  }

  public static Backend inProcess(String name) {
    return new Backend(name, new BackendAddress.InProcess());
  }
}
