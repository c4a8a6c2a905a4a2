package dev.tproxy.runtime.internal.forward;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;

/**
 * Whether a client address belongs to this host (its network namespace), as sslh's
 * is_same_machine() asks getifaddrs(). A transparent bind to such an address would make the
 * reply loop back to the proxy itself, so sslh skips it; so does the runtime. The list of
 * addresses is refreshed at most once a second instead of at every connection.
 */
public final class LocalAddresses {
  private static final long REFRESH_NANOS = 1_000_000_000L;

  private volatile Set<InetAddress> addresses = Set.of();
  private volatile long loadedAt = System.nanoTime() - 2 * REFRESH_NANOS;

  public boolean isLocal(InetAddress address) {
    if (address.isLoopbackAddress() || address.isAnyLocalAddress()) {
      return true;
    }
    long now = System.nanoTime();
    if (now - loadedAt > REFRESH_NANOS) {
      addresses = load();
      loadedAt = now;
    }
    return addresses.contains(address);
  }

  private static Set<InetAddress> load() {
    Set<InetAddress> all = new HashSet<>();
    try {
      for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        all.addAll(Collections.list(nif.getInetAddresses()));
      }
    } catch (SocketException e) {
      // No list: treat every client as remote, which is what transparency assumes anyway.
      return Set.of();
    }
    return Set.copyOf(all);
  }
}
