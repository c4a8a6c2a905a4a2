package dev.tproxy.model;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Objects;

/** An address with prefix length, {@code 192.168.255.254/32} or {@code fd00::fe/128}. */
public record IpPrefix(InetAddress address, int length) {

  public IpPrefix {
    Objects.requireNonNull(address, "address");
    int max = address instanceof Inet6Address ? 128 : 32;
    if (length < 0 || length > max) {
      throw new IllegalArgumentException("prefix length " + length + " is out of range 0-" + max);
    }
  }

  public static IpPrefix parse(String text) {
    int slash = text.indexOf('/');
    if (slash < 0) {
      InetAddress a = IpLiterals.parse(text);
      return new IpPrefix(a, a instanceof Inet6Address ? 128 : 32);
    }
    String len = text.substring(slash + 1);
    if (len.isEmpty() || len.length() > 3 || !len.chars().allMatch(Character::isDigit)) {
      throw new IllegalArgumentException("\"" + text + "\": \"" + len + "\" is not a prefix length");
    }
    return new IpPrefix(IpLiterals.parse(text.substring(0, slash)), Integer.parseInt(len));
  }

  public boolean isIpv6() {
    return address instanceof Inet6Address;
  }

  public boolean isSingleAddress() {
    return length == (isIpv6() ? 128 : 32);
  }

  /** True when {@code other} lies inside this prefix (same family only). */
  public boolean contains(InetAddress other) {
    byte[] a = address.getAddress();
    byte[] b = other.getAddress();
    if (a.length != b.length) {
      return false;
    }
    int full = length / 8;
    for (int i = 0; i < full; i++) {
      if (a[i] != b[i]) {
        return false;
      }
    }
    int rest = length % 8;
    if (rest == 0) {
      return true;
    }
    int mask = (0xff << (8 - rest)) & 0xff;
    return (a[full] & mask) == (b[full] & mask);
  }

  @Override
  public String toString() {
    return IpLiterals.format(address) + "/" + length;
  }
}
