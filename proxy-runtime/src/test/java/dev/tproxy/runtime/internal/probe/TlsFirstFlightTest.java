package dev.tproxy.runtime.internal.probe;

import static dev.tproxy.runtime.internal.probe.ProbeVerdict.AGAIN;
import static dev.tproxy.runtime.internal.probe.ProbeVerdict.MATCH;
import static dev.tproxy.runtime.internal.probe.ProbeVerdict.NEXT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tproxy.runtime.internal.tls.ClientHello;
import dev.tproxy.runtime.internal.tls.ClientHelloParser;
import dev.tproxy.runtime.testing.ClientHellos;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Malformed and incomplete TLS first flights, built byte by byte, and what a demux {@code tls}
 * rule makes of each: wait for more, not TLS, TLS without a usable name, or TLS with a name. Each
 * test names what sslh 2.3 does (tls.c parse_tls_header and its return code, as probe.c's
 * is_tls_protocol turns it into a verdict); docs/runtime-vs-sslh-nginx.md has the table.
 */
class TlsFirstFlightTest {

  // --- what the demux decides -----------------------------------------------------------------

  private static ProbeVerdict run(TlsProbe probe, byte[] bytes) {
    return probe.probe(Unpooled.wrappedBuffer(bytes));
  }

  private static ProbeVerdict plain(byte[] bytes) {
    return run(new TlsProbe(List.of(), List.of()), bytes);
  }

  private static ProbeVerdict sni(String glob, byte[] bytes) {
    return run(new TlsProbe(List.of(glob), List.of()), bytes);
  }

  private static ProbeVerdict alpn(String glob, byte[] bytes) {
    return run(new TlsProbe(List.of(), List.of(glob)), bytes);
  }

  /**
   * "wait", "not TLS" (an unfiltered rule waits or says next), or for TLS what a filtered rule
   * sees: "TLS, name X" (a rule for X matches), "TLS, no name" (a rule for {@code *} does not),
   * or "TLS, a name filter waits".
   */
  private static String decide(byte[] bytes) {
    ProbeVerdict any = plain(bytes);
    if (any == AGAIN) {
      return "wait";
    }
    if (any == NEXT) {
      return "not TLS";
    }
    ClientHello hello = ClientHelloParser.parse(Unpooled.wrappedBuffer(bytes));
    if (hello.serverName().isPresent()) {
      String name = hello.serverName().get();
      assertThat(sni(name, bytes)).as("a rule for %s", name).isEqualTo(MATCH);
      return "TLS, name " + name;
    }
    ProbeVerdict anyName = sni("*", bytes);
    return anyName == NEXT ? "TLS, no name" : "TLS, a name filter " + (anyName == AGAIN ? "waits" : "matches");
  }

  // --- record layer ---------------------------------------------------------------------------

  @Test
  void fewerThanFiveBytesWaitWhateverTheyAre() {
    // sslh: data_len < TLS_HEADER_LEN -> TLS_ELENGTH -> PROBE_AGAIN, before looking at any byte
    assertThat(decide(bytes(0x16, 3, 1))).isEqualTo("wait");
    assertThat(decide(ascii("GET "))).isEqualTo("wait");
  }

  @Test
  void recordHeaderAloneWaits() {
    assertThat(decide(bytes(0x16, 3, 1, 0, 0x50))).isEqualTo("wait"); // TLS_ELENGTH
  }

  @Test
  void recordClaimingMoreThanArrivedWaits() {
    byte[] hello = hello(sniExt(ascii("a.example")));
    assertThat(decide(Arrays.copyOf(hello, hello.length - 1))).isEqualTo("wait"); // TLS_ELENGTH
    assertThat(decide(hello)).isEqualTo("TLS, name a.example");
  }

  @Test
  void recordLongerThan2To14IsWaitedForLikeAnyRecord() {
    // sslh waits for the whole record whatever its length (TLS_ELENGTH); the runtime used to call
    // it not TLS at once. The preread limit (16 KiB) still ends the wait.
    byte[] header = bytes(0x16, 3, 1, 0x48, 0x00); // 18432 bytes announced
    assertThat(decide(cat(header, new byte[100]))).isEqualTo("wait");
    byte[] big = hello(cat(sniExt(ascii("big.example")), ext(21, new byte[17_000]))); // padding
    assertThat(length(big, 3)).isGreaterThan(1 << 14);
    assertThat(decide(big)).isEqualTo("TLS, name big.example");
  }

  @Test
  void emptyRecordIsNotTls() {
    assertThat(decide(bytes(0x16, 3, 1, 0, 0))).isEqualTo("not TLS"); // pos + 1 > data_len: TLS_EPROTOCOL
  }

  @Test
  void shortFirstRecordWithAnotherHandshakeTypeIsNotTlsAtOnce() {
    // sslh: data[5] != client_hello -> TLS_EPROTOCOL; the runtime used to wait for the rest of
    // the 4-byte handshake header.
    assertThat(decide(bytes(0x16, 3, 1, 0, 1, 2))).isEqualTo("not TLS");
    assertThat(decide(bytes(0x16, 3, 1, 0, 3, 0x0b, 0, 0))).isEqualTo("not TLS");
  }

  @Test
  void shortFirstRecordStartingAClientHelloWaitsForTheNextRecord() {
    // Kept: sslh reads the first record only (skipping 38 bytes runs past it: TLS_EPROTOCOL,
    // not TLS); the runtime reassembles a hello fragmented over records (RFC 8446 §5.1).
    assertThat(decide(bytes(0x16, 3, 1, 0, 1, 1))).isEqualTo("wait");
    byte[] two = ClientHellos.twoRecords(hello(sniExt(ascii("two.example"))), 1);
    assertThat(decide(Arrays.copyOf(two, 6))).isEqualTo("wait");
    assertThat(decide(two)).isEqualTo("TLS, name two.example");
  }

  @Test
  void fullRecordWithAnotherHandshakeTypeIsNotTls() {
    byte[] serverHello = hello(sniExt(ascii("a.example")));
    serverHello[5] = 2;
    assertThat(decide(serverHello)).isEqualTo("not TLS"); // TLS_EPROTOCOL
  }

  @Test
  void recordMajorVersionBelowThreeOrAbove0x7fIsNotTls() {
    // sslh: tls_version_major < 3 on a signed char -> TLS_EVERSION
    for (int major : new int[] {0, 1, 2, 0x80, 0xfe, 0xff}) {
      assertThat(decide(withRecordMajor(hello(sniExt(ascii("a.example"))), major))).as("major %d", major).isEqualTo("not TLS");
    }
  }

  @Test
  void recordMajorVersion4To0x7fIsTlsWithoutAUsableName() {
    // sslh takes majors 4-0x7f (a signed char that is not below 3) for TLS and reads its SNI. The
    // runtime's parser, like nginx, reads only 3.x records: TLS for an unfiltered rule (as sslh),
    // no name for a filtered one (kept).
    for (int major : new int[] {4, 0x7f}) {
      assertThat(decide(withRecordMajor(hello(sniExt(ascii("a.example"))), major))).as("major %d", major).isEqualTo("TLS, no name");
    }
  }

  @Test
  void sslv2CompatibleHelloIsNotTls() {
    // first byte 0x80 (a 2-byte SSLv2 length), msg_type 1, version 3.1: not a handshake record
    assertThat(decide(bytes(0x80, 0x2e, 0x01, 0x03, 0x01, 0x00, 0x15, 0x00, 0x00, 0x00, 0x10))).isEqualTo("not TLS");
  }

  // --- the ClientHello up to its extensions ---------------------------------------------------

  @Test
  void helloWithoutExtensionsIsTlsWithoutName() {
    // Kept: sslh wants the extensions length (pos + 2 > data_len: TLS_EPROTOCOL; for a record
    // version 3.0, TLS_EVERSION) and says not TLS; RFC 5246 §7.4.1.2 allows the hello.
    assertThat(decide(record(3, 1, handshake(body(0, new byte[0]))))).isEqualTo("TLS, no name");
    assertThat(decide(record(3, 0, handshake(body(0, new byte[0]))))).isEqualTo("TLS, no name");
  }

  @Test
  void sessionIdLongerThan32IsTlsWithoutAUsableName() {
    // sslh skips any session_id length and reads the SNI; the parser refuses the hello (RFC 8446
    // §4.1.2: at most 32 bytes), so only an unfiltered rule matches.
    assertThat(decide(record(3, 1, handshake(body(33, extensions(sniExt(ascii("a.example")))))))).isEqualTo("TLS, no name");
  }

  @Test
  void lengthsOverflowingTheRecordAreNotTls() {
    // session_id, cipher_suites or compression_methods running past the record: TLS_EPROTOCOL
    byte[] sessionId = record(3, 1, handshake(cat(bytes(3, 3), new byte[32], bytes(0xff), new byte[10])));
    assertThat(decide(sessionId)).isEqualTo("not TLS");
    byte[] suites = hello(sniExt(ascii("a.example")));
    int suitesAt = 5 + 4 + 2 + 32 + 1;
    suites[suitesAt] = (byte) 0xff;
    assertThat(decide(suites)).isEqualTo("not TLS");
    byte[] compression = hello(sniExt(ascii("a.example")));
    compression[suitesAt + 2 + 2] = (byte) 0xff;
    assertThat(decide(compression)).isEqualTo("not TLS");
  }

  @Test
  void extensionsLengthOverflowingTheRecordIsNotTls() {
    byte[] hello = hello(sniExt(ascii("a.example")));
    hello[EXTENSIONS_AT + 1]++; // pos + len > data_len: TLS_EPROTOCOL
    assertThat(decide(hello)).isEqualTo("not TLS");
  }

  @Test
  void extensionsLengthShorterThanTheRestIsTlsWithoutAUsableName() {
    // sslh reads the declared block and ignores what follows (TLS, and its SNI); the parser
    // wants the extensions to end the hello exactly.
    byte[] sni = sniExt(ascii("a.example"));
    byte[] hello = record(3, 1, handshake(body(0, cat(u16(sni.length), sni, bytes(0xaa, 0xbb, 0xcc)))));
    assertThat(decide(hello)).isEqualTo("TLS, no name");
  }

  @Test
  void handshakeLengthLongerThanTheHelloInItsRecord() {
    // sslh ignores the handshake length: the record holds the whole hello, so it is TLS. The
    // parser takes the length for the hello going on in a next record, so a filtered rule waits
    // (kept: that is how a fragmented hello is told apart); the limit or the timeout ends it.
    byte[] hello = hello(sniExt(ascii("a.example")));
    hello[6] = (byte) 0xff;
    hello[7] = (byte) 0xff;
    hello[8] = (byte) 0xff;
    assertThat(plain(hello)).isEqualTo(MATCH);
    assertThat(decide(hello)).isEqualTo("TLS, a name filter waits");
  }

  @Test
  void handshakeLengthCuttingTheExtensionsIsTlsWithoutAUsableName() {
    byte[] hello = hello(sniExt(ascii("a.example")));
    hello[8] -= 4; // sslh reads to the end of the record: TLS (and its SNI)
    assertThat(decide(hello)).isEqualTo("TLS, no name");
  }

  @Test
  void extensionRunningPastTheBlockIsTlsWithoutAUsableName() {
    // sslh: TLS for an unfiltered rule; with a filter, parse_extensions says TLS_EPROTOCOL (next)
    byte[] broken = cat(sniExt(ascii("a.example")), bytes(0, 0x2b, 0, 10, 2, 3));
    assertThat(decide(hello(broken))).isEqualTo("TLS, no name");
  }

  // --- the server_name extension --------------------------------------------------------------

  @Test
  void emptyServerNameExtensionIsTlsWithoutName() {
    assertThat(decide(hello(ext(0, new byte[0])))).isEqualTo("TLS, no name"); // filtered: TLS_EPROTOCOL
  }

  @Test
  void emptyServerNameListIsTlsWithoutName() {
    assertThat(decide(hello(ext(0, u16(0))))).isEqualTo("TLS, no name"); // filtered: TLS_ENOEXT
  }

  @Test
  void onlyANonHostNameEntryIsTlsWithoutName() {
    byte[] other = cat(bytes(1), u16(9), ascii("a.example"));
    assertThat(decide(hello(ext(0, cat(u16(other.length), other))))).isEqualTo("TLS, no name"); // skipped: TLS_ENOEXT
  }

  @Test
  void hostNameAfterAnotherTypeIsTheName() {
    byte[] other = cat(bytes(1), u16(3), ascii("xyz"));
    byte[] host = cat(bytes(0), u16(9), ascii("a.example"));
    assertThat(decide(hello(ext(0, cat(u16(other.length + host.length), other, host))))).isEqualTo("TLS, name a.example");
  }

  @Test
  void zeroLengthHostNameIsTlsWithoutName() {
    assertThat(decide(hello(sniExt(new byte[0])))).isEqualTo("TLS, no name"); // filtered: TLS_EPROTOCOL
  }

  @Test
  void serverNameListLengthThatDisagreesIsTlsWithoutAUsableName() {
    // Kept: sslh skips the list length and reads the entry (a rule for a.example matches); the
    // parser does not read a name out of a structure whose lengths disagree.
    byte[] entry = cat(bytes(0), u16(9), ascii("a.example"));
    assertThat(decide(hello(ext(0, cat(u16(0xffff), entry))))).isEqualTo("TLS, no name");
  }

  @Test
  void twoServerNameExtensionsAreTlsWithoutAUsableName() {
    // sslh: unfiltered, TLS without reading them; filtered, each copy must match. Kept: no name,
    // so that two names cannot steer the probe and the backend differently.
    byte[] one = sniExt(ascii("a.example"));
    assertThat(decide(hello(cat(one, one)))).isEqualTo("TLS, no name");
  }

  @Test
  void trailingDotAndCaseAreNormalised() {
    // Kept: sslh's fnmatch sees the raw bytes, so "a.example." and "A.EXAMPLE" miss "a.example".
    assertThat(decide(hello(sniExt(ascii("A.Example."))))).isEqualTo("TLS, name a.example");
    assertThat(sni("a.example", hello(sniExt(ascii("A.Example."))))).isEqualTo(MATCH);
  }

  // --- the ALPN extension ---------------------------------------------------------------------

  @Test
  void alpnOfferedIsMatched() {
    assertThat(alpn("h2", hello(alpnExt(u16(3), bytes(2), ascii("h2"))))).isEqualTo(MATCH);
  }

  @Test
  void emptyAlpnExtensionIsTlsWithoutProtocols() {
    byte[] hello = hello(ext(16, new byte[0]));
    assertThat(plain(hello)).isEqualTo(MATCH); // sslh does not read extensions without a filter
    assertThat(alpn("*", hello)).isEqualTo(NEXT); // filtered: pos != data_len, TLS_EPROTOCOL
  }

  @Test
  void emptyProtocolNameAfterAMatchingOneIsTlsWithoutProtocols() {
    // Kept: sslh returns at the first matching name without reading on (and skips empty
    // names); RFC 7301 §3.1 forbids them and the parser refuses the whole list.
    byte[] hello = hello(alpnExt(u16(4), bytes(2), ascii("h2"), bytes(0)));
    assertThat(plain(hello)).isEqualTo(MATCH);
    assertThat(alpn("h2", hello)).isEqualTo(NEXT);
  }

  @Test
  void alpnNameRunningPastItsExtensionIsTlsWithoutProtocols() {
    byte[] hello = hello(alpnExt(u16(3), bytes(5), ascii("h2")));
    assertThat(plain(hello)).isEqualTo(MATCH);
    assertThat(alpn("*", hello)).isEqualTo(NEXT); // pos + 1 + len > data_len: TLS_EPROTOCOL
  }

  @Test
  void malformedAlpnLeavesTheServerNameUnusableToo() {
    // Kept: sslh reads the SNI only for an SNI-only rule and would match a.example; the parser
    // refuses the whole hello.
    byte[] hello = hello(cat(sniExt(ascii("a.example")), alpnExt(u16(3), bytes(5), ascii("h2"))));
    assertThat(decide(hello)).isEqualTo("TLS, no name");
  }

  // --- byte builders ----------------------------------------------------------------------------

  /** Where the extensions length sits in {@link #hello}: record and handshake headers, version, random, session_id, suites, compression. */
  private static final int EXTENSIONS_AT = 5 + 4 + 2 + 32 + 1 + 2 + 2 + 1 + 1;

  /** A TLS 1.2 hello in one 3.1 record, carrying exactly these extensions. */
  private static byte[] hello(byte[] extensions) {
    return record(3, 1, handshake(body(0, extensions(extensions))));
  }

  private static byte[] extensions(byte[] extensions) {
    return cat(u16(extensions.length), extensions);
  }

  /** client_version 3.3, a zero random, a session_id of this length, one suite, null compression, then {@code tail}. */
  private static byte[] body(int sessionIdLength, byte[] tail) {
    return cat(bytes(3, 3), new byte[32], bytes(sessionIdLength), new byte[sessionIdLength], u16(2), bytes(0xc0, 0x2f), bytes(1, 0), tail);
  }

  private static byte[] handshake(byte[] body) {
    return cat(bytes(1, body.length >> 16), u16(body.length & 0xffff), body);
  }

  private static byte[] record(int major, int minor, byte[] payload) {
    return cat(bytes(0x16, major, minor), u16(payload.length), payload);
  }

  private static byte[] withRecordMajor(byte[] hello, int major) {
    byte[] b = hello.clone();
    b[1] = (byte) major;
    return b;
  }

  private static byte[] ext(int type, byte[] data) {
    return cat(u16(type), u16(data.length), data);
  }

  /** A server_name extension with one host_name entry. */
  private static byte[] sniExt(byte[] hostName) {
    return ext(0, cat(u16(hostName.length + 3), bytes(0), u16(hostName.length), hostName));
  }

  private static byte[] alpnExt(byte[]... parts) {
    return ext(16, cat(parts));
  }

  private static int length(byte[] b, int at) {
    return ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
  }

  private static byte[] u16(int v) {
    return bytes(v >> 8, v);
  }

  private static byte[] bytes(int... values) {
    byte[] b = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      b[i] = (byte) values[i];
    }
    return b;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] cat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.write(p, 0, p.length);
    }
    return out.toByteArray();
  }
}
