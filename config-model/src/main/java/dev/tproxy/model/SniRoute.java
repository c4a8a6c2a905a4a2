package dev.tproxy.model;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.ArrayList;
import java.util.List;

/**
 * Routing a TLS connection by its ClientHello without terminating it (nginx {@code ssl_preread}
 * with a {@code map}). The semantics are nginx's, whatever the order of the rules: an exact
 * server name wins, then the longest matching {@code *.} wildcard, then the first ALPN rule one
 * of whose protocols the client offers, then {@code defaultTarget}. Names compare
 * case-insensitively. A connection that is not TLS goes to the default.
 *
 * @param prereadTimeout how long to wait for the ClientHello; then the default (nginx {@code
 *     preread_timeout})
 * @param prereadBuffer bytes of ClientHello read at most; a longer one is closed (nginx {@code
 *     preread_buffer_size})
 */
public record SniRoute(List<SniRule> rules, Target defaultTarget, Optional<Duration> prereadTimeout,
    OptionalInt prereadBuffer) implements Stage {

  /** nginx's {@code preread_timeout} default. */
  public static final Duration DEFAULT_PREREAD_TIMEOUT = Duration.ofSeconds(30);

  /** nginx's {@code preread_buffer_size} default. */
  public static final int DEFAULT_PREREAD_BUFFER = 16 * 1024;

  /** A stage with nginx's preread timeout and buffer. */
  public SniRoute(List<SniRule> rules, Target defaultTarget) {
    this(rules, defaultTarget, Optional.empty(), OptionalInt.empty());
  }

  public SniRoute {
    rules = Lists.copy(rules);
    prereadTimeout = prereadTimeout == null ? Optional.empty() : prereadTimeout;
    prereadBuffer = prereadBuffer == null ? OptionalInt.empty() : prereadBuffer;
  }

  public Duration effectivePrereadTimeout() {
    return prereadTimeout.orElse(DEFAULT_PREREAD_TIMEOUT);
  }

  public int effectivePrereadBuffer() {
    return prereadBuffer.orElse(DEFAULT_PREREAD_BUFFER);
  }

  @Override
  public StageKind kind() {
    return StageKind.SNI_ROUTE;
  }

  @Override
  public List<Target> targets() {
    List<Target> t = new ArrayList<>();
    for (SniRule r : rules) {
      if (r != null && r.target() != null) {
        t.add(r.target());
      }
    }
    if (defaultTarget != null) {
      t.add(defaultTarget);
    }
    return t;
  }
}
