package dev.tproxy.runtime.internal.tls;

import java.util.List;
import java.util.Optional;

/**
 * What the first bytes of a connection say about TLS: not enough yet, not TLS, a malformed
 * ClientHello, or a complete one with its server name and ALPN protocols.
 *
 * @param serverName the host_name of the SNI extension, lower case, without a trailing dot;
 *     empty when the client sent none or sent one that is not a valid host name
 * @param sniNote why {@code serverName} is empty ("absent", "empty", "contains a NUL byte", ...)
 *     or "" when it is present
 * @param alpn the protocols the client offers, in its order
 * @param problem for {@link Status#NOT_TLS} and {@link Status#MALFORMED}: what was wrong
 */
public record ClientHello(
    Status status, Optional<String> serverName, String sniNote, List<String> alpn, String problem) {

  /** How far parsing got. */
  public enum Status {
    /** The bytes so far are a valid beginning; wait for more. */
    NEED_MORE,
    /** The first record is not a TLS (3.x) handshake record. */
    NOT_TLS,
    /** TLS records, but not a well-formed ClientHello. */
    MALFORMED,
    /** A complete, well-formed ClientHello. */
    COMPLETE
  }

  static final ClientHello NEED_MORE = new ClientHello(Status.NEED_MORE, Optional.empty(), "", List.of(), "");

  static ClientHello notTls(String problem) {
    return new ClientHello(Status.NOT_TLS, Optional.empty(), "", List.of(), problem);
  }

  static ClientHello malformed(String problem) {
    return new ClientHello(Status.MALFORMED, Optional.empty(), "", List.of(), problem);
  }

  static ClientHello complete(Optional<String> serverName, String sniNote, List<String> alpn) {
    return new ClientHello(Status.COMPLETE, serverName, sniNote, List.copyOf(alpn), "");
  }

  public boolean isComplete() {
    return status == Status.COMPLETE;
  }
}
