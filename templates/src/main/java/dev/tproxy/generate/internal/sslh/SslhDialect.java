package dev.tproxy.generate.internal.sslh;

import dev.tproxy.model.Version;
import java.util.Optional;

/**
 * The two configuration dialects tproxy writes. They differ in what sslh reads: 1.20 knows only
 * a global {@code transparent} and the hyphenated {@code on-timeout}, and probes for 2 s by
 * default; 2.2 and later take {@code transparent} per protocol, treat {@code -} and {@code _}
 * alike in key names, probe for 5 s by default and know listen and protocol keys 1.20 ignores.
 * Versions in between (1.21 to 2.1, Debian 13 ships 2.1.4) changed keys and binding behaviour
 * several times and are not written for.
 */
public enum SslhDialect {
  /** Debian 12's sslh 1.20 (sslh-main.c at v1.20). */
  V1_20,
  /** sslh 2.2.0 and later (sslhconf.cfg). */
  V2;

  private static final Version V1_20_START = Version.of(1, 20);
  private static final Version V1_21 = Version.of(1, 21);
  private static final Version V2_2 = Version.of(2, 2);

  public static Optional<SslhDialect> of(Version version) {
    if (version.isAtLeast(V2_2)) {
      return Optional.of(V2);
    }
    if (version.isAtLeast(V1_20_START) && !version.isAtLeast(V1_21)) {
      return Optional.of(V1_20);
    }
    return Optional.empty();
  }

  /** 1.20 has one global switch; 2.x sets it on each protocol. */
  public boolean globalTransparent() {
    return this == V1_20;
  }
}
