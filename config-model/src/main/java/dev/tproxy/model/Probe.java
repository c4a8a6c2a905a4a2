package dev.tproxy.model;

import java.util.Optional;

/**
 * The protocol probes of a demux stage, with sslh's names and semantics (sslh probe.c, tls.c).
 */
public enum Probe implements FileId {
  SSH("ssh", null),
  TLS("tls", null),
  HTTP("http", null),
  OPENVPN("openvpn", null),
  TINC("tinc", null),
  XMPP("xmpp", null),
  ADB("adb", null),
  SOCKS5("socks5", null),
  SYSLOG("syslog", Feature.PROBE_SYSLOG),
  MSRDP("msrdp", Feature.PROBE_MSRDP),
  REGEX("regex", null),
  /** Matches anything; as the last rule it is never probed, it is the fallback. */
  ANYPROT("anyprot", null);

  private final String id;
  private final Feature feature;

  Probe(String id, Feature feature) {
    this.id = id;
    this.feature = feature;
  }

  @Override
  public String id() {
    return id;
  }

  /** The engine feature this probe needs beyond the basic set, if any. */
  public Optional<Feature> requiredFeature() {
    return Optional.ofNullable(feature);
  }

  public static Optional<Probe> fromId(String id) {
    return FileId.find(Probe.class, id);
  }

  @Override
  public String toString() {
    return id;
  }
}
