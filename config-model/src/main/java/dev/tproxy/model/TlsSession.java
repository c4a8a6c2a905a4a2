package dev.tproxy.model;

import java.time.Duration;

/**
 * TLS session resumption.
 *
 * @param cacheSize bytes of shared session cache (nginx {@code shared:...:10m}); 0 turns the
 *     cache off. About 4000 sessions fit in one megabyte.
 * @param timeout how long a cached session can be resumed
 * @param tickets whether stateless session tickets are issued. Off by default: without key
 *     rotation they weaken forward secrecy.
 */
public record TlsSession(long cacheSize, Duration timeout, boolean tickets) {

  public static final TlsSession DEFAULT = new TlsSession(10L << 20, Duration.ofDays(1), false);
}
