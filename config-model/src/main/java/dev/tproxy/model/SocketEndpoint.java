package dev.tproxy.model;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * An IP address and TCP port, written {@code 192.168.255.254:443} or {@code [::1]:443}. Only
 * literal addresses: generated configurations must not depend on name resolution at start-up
 * (nginx resolves names once, during {@code nginx -t} too).
 */
public record SocketEndpoint(InetAddress address, int port) {

  public SocketEndpoint {
    Objects.requireNonNull(address, "address");
  }

  /**
   * Parses {@code IPv4:port} or {@code [IPv6]:port}.
   *
   * @throws IllegalArgumentException with a message that says what is wrong
   */
  public static SocketEndpoint parse(String text) {
    Objects.requireNonNull(text, "text");
    String host;
    String port;
    if (text.startsWith("[")) {
      int close = text.indexOf(']');
      if (close < 0 || close + 1 >= text.length() || text.charAt(close + 1) != ':') {
        throw new IllegalArgumentException(
            "\"" + text + "\" is not an address: write [IPv6]:PORT, e.g. [::1]:443");
      }
      host = text.substring(1, close);
      port = text.substring(close + 2);
      if (!host.contains(":")) {
        throw new IllegalArgumentException(
            "\"" + text + "\": brackets are for IPv6 addresses; write IPv4 as 127.0.0.1:443");
      }
    } else {
      int colon = text.lastIndexOf(':');
      if (colon < 0 || text.indexOf(':') != colon) {
        throw new IllegalArgumentException(
            "\"" + text + "\" is not an address: write IPv4:PORT or [IPv6]:PORT, e.g. 127.0.0.1:443");
      }
      host = text.substring(0, colon);
      port = text.substring(colon + 1);
    }
    return new SocketEndpoint(IpLiterals.parse(host), Ports.parse(port, text));
  }

  public static SocketEndpoint of(InetSocketAddress address) {
    return new SocketEndpoint(address.getAddress(), address.getPort());
  }

  public boolean isWildcard() {
    return address.isAnyLocalAddress();
  }

  public boolean isIpv6() {
    return address instanceof Inet6Address;
  }

  public InetSocketAddress toInetSocketAddress() {
    return new InetSocketAddress(address, port);
  }

  /** The host part as configuration files write it: {@code 10.0.0.1} or {@code [fd00::1]}. */
  public String hostText() {
    return isIpv6() ? "[" + IpLiterals.format(address) + "]" : IpLiterals.format(address);
  }

  @Override
  public String toString() {
    return hostText() + ":" + port;
  }
}
