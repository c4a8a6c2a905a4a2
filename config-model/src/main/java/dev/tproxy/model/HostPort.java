package dev.tproxy.model;

import java.util.Objects;

/**
 * A host name (or address) and port as a <em>client</em> dials it, e.g. the public name of the
 * front door {@code t1.yourdomain.top:443} or an HTTP proxy {@code proxy.corp:3128}. Unlike
 * {@link SocketEndpoint} the host may be a name: it is resolved on the client's machine.
 */
public record HostPort(String host, int port) {

  public HostPort {
    Objects.requireNonNull(host, "host");
  }

  public static HostPort parse(String text) {
    Objects.requireNonNull(text, "text");
    if (text.startsWith("[")) {
      SocketEndpoint e = SocketEndpoint.parse(text);
      return new HostPort(IpLiterals.format(e.address()), e.port());
    }
    int colon = text.lastIndexOf(':');
    if (colon <= 0 || text.indexOf(':') != colon) {
      throw new IllegalArgumentException(
          "\"" + text + "\" is not HOST:PORT, e.g. proxy.example.org:3128");
    }
    return new HostPort(text.substring(0, colon), Ports.parse(text.substring(colon + 1), text));
  }

  @Override
  public String toString() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
