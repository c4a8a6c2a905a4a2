package dev.tproxy.runtime.internal.probe;

import dev.tproxy.model.ProbeRule;

/** The probe that realises a rule of a demux stage. */
final class ProbeFactory {
  private ProbeFactory() {}

  static ProtocolProbe create(ProbeRule rule) {
    return switch (rule.probe()) {
      case SSH -> PrefixProbe.SSH;
      case TLS -> new TlsProbe(rule.sni(), rule.alpn());
      case HTTP -> HttpProbe.INSTANCE;
      case OPENVPN -> OpenVpnProbe.INSTANCE;
      case TINC -> PrefixProbe.TINC;
      case XMPP -> XmppProbe.INSTANCE;
      case ADB -> AdbProbe.INSTANCE;
      case SOCKS5 -> Socks5Probe.INSTANCE;
      case SYSLOG -> SyslogProbe.INSTANCE;
      case MSRDP -> MsrdpProbe.INSTANCE;
      case REGEX -> new RegexProbe(rule.patterns());
      case ANYPROT -> received -> ProbeVerdict.MATCH;
    };
  }
}
