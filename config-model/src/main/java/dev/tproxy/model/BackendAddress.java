package dev.tproxy.model;

import java.nio.file.Path;

/** Where a backend is reached. */
public sealed interface BackendAddress {

  /** A TCP address. */
  record Tcp(SocketEndpoint endpoint) implements BackendAddress {
    @Override
    public String toString() {
      return endpoint.toString();
    }
  }

  /** A unix stream socket. */
  record Unix(Path path) implements BackendAddress {
    @Override
    public String toString() {
      return "unix:" + path;
    }
  }

  /**
   * A handler registered with tproxy's runtime under the backend's name: the connection is handed
   * over inside the JVM, with the probed bytes replayed. Only the tproxy engine can reach it.
   */
  record InProcess() implements BackendAddress {
    @Override
    public String toString() {
      return "in-process";
    }
  }
}
