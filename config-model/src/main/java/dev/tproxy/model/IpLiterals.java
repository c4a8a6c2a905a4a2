package dev.tproxy.model;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** Parses IP address literals without ever touching DNS, and formats them canonically. */
public final class IpLiterals {

  private static final Pattern IPV4 =
      Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
  private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");

  private IpLiterals() {}

  /**
   * @throws IllegalArgumentException when {@code text} is not an IPv4 or IPv6 literal (host names
   *     are refused, they are never resolved)
   */
  public static InetAddress parse(String text) {
    boolean v4 = IPV4.matcher(text).matches();
    boolean v6 = !v4 && text.contains(":") && IPV6_CHARS.matcher(text).matches();
    if (!v4 && !v6) {
      throw new IllegalArgumentException(
          "\"" + text + "\" is not an IP address literal (host names are not resolved: write the address)");
    }
    InetAddress a;
    try {
      // With a literal, getByName only parses; the pattern checks above keep DNS out.
      a = InetAddress.getByName(text);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("\"" + text + "\" is not a valid IP address", e);
    }
    if (v6 && !(a instanceof Inet6Address)) {
      // The JDK turns ::ffff:a.b.c.d into the IPv4 address: an "IPv6" listener would be IPv4.
      throw new IllegalArgumentException("\"" + text + "\" is an IPv4-mapped IPv6 address: write the IPv4 address "
          + a.getHostAddress() + " itself");
    }
    return a;
  }

  public static boolean isLiteral(String text) {
    try {
      parse(text);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** {@code 10.0.0.1} or compressed IPv6 such as {@code fd00::1} (no brackets, no scope). */
  public static String format(InetAddress address) {
    if (address instanceof Inet6Address) {
      return compressIpv6(address.getAddress());
    }
    return address.getHostAddress();
  }

  private static String compressIpv6(byte[] b) {
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
    }
    // RFC 5952: the longest run (>= 2) of zero groups becomes "::", first one on ties.
    int bestStart = -1;
    int bestLen = 1;
    for (int i = 0; i < 8; ) {
      if (groups[i] != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && groups[j] == 0) {
        j++;
      }
      if (j - i > bestLen) {
        bestStart = i;
        bestLen = j - i;
      }
      i = j;
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        sb.append("::");
        i += bestLen - 1;
        continue;
      }
      if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
        sb.append(':');
      }
      sb.append(Integer.toHexString(groups[i]));
    }
    return sb.toString();
  }
}
