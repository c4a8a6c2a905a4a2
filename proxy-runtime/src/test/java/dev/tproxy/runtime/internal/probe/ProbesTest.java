package dev.tproxy.runtime.internal.probe;

import static dev.tproxy.runtime.internal.probe.ProbeVerdict.AGAIN;
import static dev.tproxy.runtime.internal.probe.ProbeVerdict.MATCH;
import static dev.tproxy.runtime.internal.probe.ProbeVerdict.NEXT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tproxy.runtime.testing.ClientHellos;
import dev.tproxy.runtime.testing.SslhTestData;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each probe alone, on real first flights and on the inputs sslh's test suite uses. */
class ProbesTest {

  private static ProbeVerdict run(ProtocolProbe probe, byte[] bytes) {
    return probe.probe(Unpooled.wrappedBuffer(bytes));
  }

  private static ProbeVerdict run(ProtocolProbe probe, String ascii) {
    return run(probe, ascii.getBytes(StandardCharsets.ISO_8859_1));
  }

  @Test
  void ssh() {
    assertThat(run(PrefixProbe.SSH, SslhTestData.SSH)).isEqualTo(MATCH);
    assertThat(run(PrefixProbe.SSH, "SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n")).isEqualTo(MATCH);
    assertThat(run(PrefixProbe.SSH, "SSH")).isEqualTo(AGAIN);
    assertThat(run(PrefixProbe.SSH, "SSX-2.0")).isEqualTo(NEXT);
    assertThat(run(PrefixProbe.SSH, SslhTestData.tlsPlain())).isEqualTo(NEXT);
  }

  @Test
  void tinc() {
    assertThat(run(PrefixProbe.TINC, SslhTestData.TINC)).isEqualTo(MATCH);
    assertThat(run(PrefixProbe.TINC, "0")).isEqualTo(AGAIN);
    assertThat(run(PrefixProbe.TINC, "01")).isEqualTo(NEXT);
  }

  @Test
  void http() {
    assertThat(run(HttpProbe.INSTANCE, SslhTestData.HTTP)).isEqualTo(MATCH);
    assertThat(run(HttpProbe.INSTANCE, "GET / HTTP/1.1\r\nHost: x\r\n\r\n")).isEqualTo(MATCH);
    assertThat(run(HttpProbe.INSTANCE, "CONNECT proxy.example:443")).isEqualTo(MATCH);
    // sslh tries OPTIONS first: anything shorter than 7 bytes without "HTTP" waits
    assertThat(run(HttpProbe.INSTANCE, "GET /")).isEqualTo(AGAIN);
    assertThat(run(HttpProbe.INSTANCE, "GET /x")).isEqualTo(AGAIN);
    assertThat(run(HttpProbe.INSTANCE, "GET /xy")).isEqualTo(MATCH);
    assertThat(run(HttpProbe.INSTANCE, "SSH-2.0-x")).isEqualTo(NEXT);
  }

  @Test
  void openvpn() {
    assertThat(run(OpenVpnProbe.INSTANCE, SslhTestData.OPENVPN)).isEqualTo(MATCH);
    // a P_CONTROL_HARD_RESET_CLIENT_V2 packet of 14 bytes behind its length
    assertThat(run(OpenVpnProbe.INSTANCE, new byte[] {0, 14, 0x38, 1, 2, 3, 4, 5, 6, 7, 8, 0, 0, 0, 0, 0})).isEqualTo(MATCH);
    assertThat(run(OpenVpnProbe.INSTANCE, new byte[] {0})).isEqualTo(AGAIN);
    assertThat(run(OpenVpnProbe.INSTANCE, new byte[] {0, 14, 0x38})).isEqualTo(NEXT);
  }

  @Test
  void xmpp() {
    assertThat(run(XmppProbe.INSTANCE, SslhTestData.XMPP)).isEqualTo(MATCH);
    assertThat(run(XmppProbe.INSTANCE,
        "<?xml version='1.0'?><stream:stream to='example.org' xmlns='jabber:client'")).isEqualTo(MATCH);
    assertThat(run(XmppProbe.INSTANCE, "<?xml version='1.0'?>")).isEqualTo(AGAIN);
    assertThat(run(XmppProbe.INSTANCE, SslhTestData.ANYPROT)).isEqualTo(NEXT);
  }

  @Test
  void adb() {
    assertThat(run(AdbProbe.INSTANCE, SslhTestData.ADB)).isEqualTo(MATCH);
    assertThat(run(AdbProbe.INSTANCE, "CNXN")).isEqualTo(AGAIN);
    byte[] quirk = new byte[24 + 32];
    quirk[20] = quirk[21] = quirk[22] = quirk[23] = (byte) 0xff;
    System.arraycopy(SslhTestData.ADB, 0, quirk, 24, SslhTestData.ADB.length);
    assertThat(run(AdbProbe.INSTANCE, quirk)).isEqualTo(MATCH);
    assertThat(run(AdbProbe.INSTANCE, SslhTestData.ANYPROT)).isEqualTo(NEXT);
  }

  @Test
  void socks5() {
    assertThat(run(Socks5Probe.INSTANCE, SslhTestData.SOCKS5)).isEqualTo(MATCH);
    assertThat(run(Socks5Probe.INSTANCE, new byte[] {5, 1, 0})).isEqualTo(MATCH); // curl --socks5
    assertThat(run(Socks5Probe.INSTANCE, new byte[] {5, 2, 0})).isEqualTo(AGAIN);
    assertThat(run(Socks5Probe.INSTANCE, new byte[] {5, 11})).isEqualTo(NEXT);
    assertThat(run(Socks5Probe.INSTANCE, new byte[] {5, 1, 10})).isEqualTo(NEXT);
    assertThat(run(Socks5Probe.INSTANCE, new byte[] {4, 1})).isEqualTo(NEXT);
  }

  @Test
  void syslog() {
    assertThat(run(SyslogProbe.INSTANCE, SslhTestData.SYSLOG)).isEqualTo(MATCH);
    assertThat(run(SyslogProbe.INSTANCE, "57 <13>1 2026-11-24T00:00:00Z host app - - - hi")).isEqualTo(MATCH);
    assertThat(run(SyslogProbe.INSTANCE, "<4")).isEqualTo(NEXT); // sslh never waits for syslog
    assertThat(run(SyslogProbe.INSTANCE, "\0<42>")).isEqualTo(NEXT); // text ends at the NUL, as strncpy
  }

  @Test
  void msrdp() {
    // X.224 Connection Request of mstsc: TPKT 03 00 00 13, then the COTP header and an RDP negotiation request
    byte[] rdp = {3, 0, 0, 0x13, 0x0e, (byte) 0xe0, 0, 0, 0, 0, 0, 1, 0, 8, 0, 3, 0, 0, 0};
    assertThat(run(MsrdpProbe.INSTANCE, rdp)).isEqualTo(MATCH);
    assertThat(run(MsrdpProbe.INSTANCE, new byte[] {3, 0, 0})).isEqualTo(NEXT); // sslh: under 7 bytes is NEXT
    byte[] longRdp = new byte[200];
    longRdp[0] = 3;
    longRdp[3] = (byte) 200;
    assertThat(run(MsrdpProbe.INSTANCE, longRdp)).isEqualTo(MATCH); // sslh's char truncation would miss this
  }

  @Test
  void regex() {
    RegexProbe probe = new RegexProbe(List.of("^foo", "^bar"));
    assertThat(run(probe, "fooo")).isEqualTo(MATCH);
    assertThat(run(probe, "barr")).isEqualTo(MATCH);
    assertThat(run(probe, "xfoo")).isEqualTo(NEXT);
    assertThat(run(new RegexProbe(List.of("OpenSSH")), "SSH-2.0-OpenSSH_9.2")).isEqualTo(MATCH); // unanchored
    assertThat(run(new RegexProbe(List.of("\\x00\\xff")), new byte[] {'a', 0, (byte) 0xff})).isEqualTo(MATCH);
  }

  @Test
  void tlsWithoutConstraints() {
    TlsProbe tls = new TlsProbe(List.of(), List.of());
    assertThat(run(tls, SslhTestData.tlsPlain())).isEqualTo(MATCH);
    assertThat(run(tls, ClientHellos.jdk("x.example"))).isEqualTo(MATCH);
    assertThat(run(tls, new byte[] {0x16, 3, 1})).isEqualTo(AGAIN);
    assertThat(run(tls, SslhTestData.SSH)).isEqualTo(NEXT);
  }

  @Test
  void tlsWithSniAndAlpnGlobsAsSslhMatchesThem() {
    TlsProbe both = new TlsProbe(List.of("sni1"), List.of("alpn1", "alpn2"));
    assertThat(run(both, SslhTestData.tlsSniAlpn("sni1", "alpn2"))).isEqualTo(MATCH);
    assertThat(run(both, SslhTestData.tlsSniAlpn("sni2", "alpn2"))).isEqualTo(NEXT);
    assertThat(run(both, SslhTestData.tlsSni("sni1"))).isEqualTo(NEXT); // ALPN asked for, none offered
    TlsProbe wildcard = new TlsProbe(List.of("*.example.org"), List.of());
    assertThat(run(wildcard, ClientHellos.jdk("www.example.org"))).isEqualTo(MATCH);
    assertThat(run(wildcard, ClientHellos.jdk("example.org"))).isEqualTo(NEXT);
    assertThat(run(wildcard, ClientHellos.jdk("WWW.EXAMPLE.ORG"))).isEqualTo(MATCH); // RFC 4343, unlike sslh
    TlsProbe alpnOnly = new TlsProbe(List.of(), List.of("h2"));
    assertThat(run(alpnOnly, ClientHellos.jdk("a.example", "http/1.1", "h2"))).isEqualTo(MATCH);
    assertThat(run(alpnOnly, ClientHellos.jdk("a.example", "http/1.1"))).isEqualTo(NEXT);
  }

  @Test
  void tlsNameWithNulDoesNotMatchItsPrefix() {
    TlsProbe probe = new TlsProbe(List.of("good.example"), List.of());
    byte[] hello = ClientHellos.withRawServerName("good.example\0.evil".getBytes(StandardCharsets.ISO_8859_1));
    assertThat(run(probe, hello)).isEqualTo(NEXT);
  }

  @Test
  void tlsHelloOverTwoRecordsIsTls() {
    byte[] hello = ClientHellos.twoRecords(ClientHellos.jdk("two.example", "h2"), 20);
    assertThat(run(new TlsProbe(List.of("two.example"), List.of("h2")), hello)).isEqualTo(MATCH);
  }
}
