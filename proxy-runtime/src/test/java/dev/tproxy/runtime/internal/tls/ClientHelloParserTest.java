package dev.tproxy.runtime.internal.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tproxy.runtime.internal.tls.ClientHello.Status;
import dev.tproxy.runtime.testing.ClientHellos;
import dev.tproxy.runtime.testing.SslhTestData;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClientHelloParserTest {

  private static ClientHello parse(byte[] bytes) {
    ByteBuf buf = Unpooled.wrappedBuffer(bytes);
    int reader = buf.readerIndex();
    int writer = buf.writerIndex();
    ClientHello hello = ClientHelloParser.parse(buf);
    assertThat(buf.readerIndex()).as("the parser consumes nothing").isEqualTo(reader);
    assertThat(buf.writerIndex()).isEqualTo(writer);
    return hello;
  }

  @Test
  void jdkHelloWithSniAndAlpn() {
    ClientHello hello = parse(ClientHellos.jdk("Www.Example.ORG", "h2", "http/1.1"));
    assertThat(hello.status()).isEqualTo(Status.COMPLETE);
    assertThat(hello.serverName()).contains("www.example.org");
    assertThat(hello.alpn()).containsExactly("h2", "http/1.1");
  }

  @Test
  void sslhCapturedHellos() {
    assertThat(parse(SslhTestData.tlsSniAlpn("sni1", "alpn1")).serverName()).contains("sni1");
    assertThat(parse(SslhTestData.tlsSniAlpn("sni1", "alpn1")).alpn()).containsExactly("alpn1");
    assertThat(parse(SslhTestData.tlsSni("sni3")).alpn()).isEmpty();
    assertThat(parse(SslhTestData.tlsAlpn("alpn3")).serverName()).isEmpty();
    ClientHello plain = parse(SslhTestData.tlsPlain());
    assertThat(plain.status()).isEqualTo(Status.COMPLETE);
    assertThat(plain.sniNote()).isEqualTo("absent");
  }

  @Test
  void everyProperPrefixNeedsMoreTheWholeHelloIsComplete() {
    byte[] hello = ClientHellos.jdk("split.example", "h2");
    int length = 5 + (((hello[3] & 0xff) << 8) | (hello[4] & 0xff));
    for (int n = 0; n < length; n++) {
      assertThat(parse(Arrays.copyOf(hello, n)).status()).as("first %d bytes", n).isEqualTo(Status.NEED_MORE);
    }
    assertThat(parse(Arrays.copyOf(hello, length)).serverName()).contains("split.example");
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 3, 4, 5, 40, 60})
  void helloFragmentedOverTwoRecords(int firstRecordPayload) {
    byte[] twoRecords = ClientHellos.twoRecords(ClientHellos.jdk("two.records.example", "h2"), firstRecordPayload);
    ClientHello hello = parse(twoRecords);
    assertThat(hello.status()).isEqualTo(Status.COMPLETE);
    assertThat(hello.serverName()).contains("two.records.example");
    assertThat(hello.alpn()).containsExactly("h2");
    // and it waits while the second record is incomplete
    assertThat(parse(Arrays.copyOf(twoRecords, twoRecords.length - 1)).status()).isEqualTo(Status.NEED_MORE);
  }

  @Test
  void absentEmptyNulOversizedAndNonAsciiServerNamesAreNotNames() {
    ClientHello absent = parse(ClientHellos.withRawServerName(null, "h2"));
    assertThat(absent.status()).isEqualTo(Status.COMPLETE);
    assertThat(absent.serverName()).isEmpty();
    assertThat(absent.sniNote()).isEqualTo("absent");
    assertThat(absent.alpn()).containsExactly("h2");

    ClientHello empty = parse(ClientHellos.withRawServerName(new byte[0]));
    assertThat(empty.status()).isEqualTo(Status.COMPLETE);
    assertThat(empty.sniNote()).isEqualTo("empty");

    ClientHello nul = parse(ClientHellos.withRawServerName("good.example\0.evil".getBytes(StandardCharsets.ISO_8859_1)));
    assertThat(nul.status()).isEqualTo(Status.COMPLETE);
    assertThat(nul.serverName()).isEmpty();
    assertThat(nul.sniNote()).isEqualTo("contains a NUL byte");

    byte[] huge = new byte[300];
    Arrays.fill(huge, (byte) 'a');
    ClientHello oversized = parse(ClientHellos.withRawServerName(huge));
    assertThat(oversized.status()).isEqualTo(Status.COMPLETE);
    assertThat(oversized.sniNote()).isEqualTo("longer than 255 bytes");

    ClientHello utf8 = parse(ClientHellos.withRawServerName("bücher.example".getBytes(StandardCharsets.UTF_8)));
    assertThat(utf8.serverName()).isEmpty();
    assertThat(utf8.sniNote()).startsWith("contains byte 0xc3");
  }

  @Test
  void trailingDotIsDropped() {
    assertThat(parse(ClientHellos.withRawServerName("host.example.".getBytes(StandardCharsets.US_ASCII))).serverName())
        .isEqualTo(Optional.of("host.example"));
  }

  @Test
  void notTls() {
    assertThat(parse("SSH-2.0-OpenSSH_9.2\r\n".getBytes(StandardCharsets.US_ASCII)).status()).isEqualTo(Status.NOT_TLS);
    assertThat(parse(new byte[] {0x16, 2, 0, 0, 1}).status()).isEqualTo(Status.NOT_TLS);
    // SSLv2-compatible hello: not a TLS 3.x record (sslh and nginx's SNI both ignore it)
    assertThat(parse(new byte[] {(byte) 0x80, 0x2e, 0x01, 0x03, 0x01, 0, 0x15}).status()).isEqualTo(Status.NOT_TLS);
    assertThat(parse(new byte[] {0x16, 3, 1}).status()).isEqualTo(Status.NEED_MORE);
  }

  @Test
  void malformedStructures() {
    byte[] ok = ClientHellos.withRawServerName("a.example".getBytes(StandardCharsets.US_ASCII), "h2");
    // extensions length one too long
    byte[] extTooLong = ok.clone();
    int extLenAt = 5 + 4 + 2 + 32 + 1 + 2 + 2 + 1 + 1;
    extTooLong[extLenAt + 1]++;
    assertThat(parse(extTooLong).status()).isEqualTo(Status.MALFORMED);
    // not a ClientHello (ServerHello type 2)
    byte[] serverHello = ok.clone();
    serverHello[5] = 2;
    assertThat(parse(serverHello).status()).isEqualTo(Status.MALFORMED);
    // an empty handshake record
    assertThat(parse(new byte[] {0x16, 3, 1, 0, 0}).status()).isEqualTo(Status.MALFORMED);
    // an alert record between the fragments
    byte[] two = ClientHellos.twoRecords(ok, 10);
    two[5 + 10] = 0x15;
    assertThat(parse(two).status()).isEqualTo(Status.MALFORMED);
    // two SNI extensions
    byte[] sni = {0, 0, 0, 6, 0, 4, 0, 0, 1, 'a'};
    byte[] twice = new byte[sni.length * 2];
    System.arraycopy(sni, 0, twice, 0, sni.length);
    System.arraycopy(sni, 0, twice, sni.length, sni.length);
    assertThat(parse(ClientHellos.helloWithExtensions(twice)).status()).isEqualTo(Status.MALFORMED);
    // an empty ALPN protocol name
    assertThat(parse(ClientHellos.helloWithExtensions(new byte[] {0, 16, 0, 3, 0, 1, 0})).status())
        .isEqualTo(Status.MALFORMED);
    // SNI name length running past its extension
    assertThat(parse(ClientHellos.helloWithExtensions(new byte[] {0, 0, 0, 6, 0, 4, 0, 0, 9, 'a'})).status())
        .isEqualTo(Status.MALFORMED);
  }

  @Test
  void aShortFirstRecordIsJudgedByItsTypeByte() {
    // the type is known from the first payload byte: no need to wait for the 4-byte header
    assertThat(parse(new byte[] {0x16, 3, 1, 0, 1, 2}).status()).isEqualTo(Status.MALFORMED);
    assertThat(parse(new byte[] {0x16, 3, 1, 0, 1, 1}).status()).isEqualTo(Status.NEED_MORE);
  }

  @Test
  void aRecordLongerThan2To14IsWaitedFor() {
    // as sslh and nginx do: the whole record before reading it; the preread limit ends the wait
    byte[] header = {0x16, 3, 1, 0x48, 0x00};
    assertThat(parse(Arrays.copyOf(header, 200)).status()).isEqualTo(Status.NEED_MORE);
  }

  @Test
  void helloWithoutExtensionsIsTlsWithoutName() {
    byte[] hello = ClientHellos.helloWithExtensions(new byte[0]);
    // strip the (empty) extensions length field: a TLS 1.2 hello may end after compression_methods
    byte[] noExt = Arrays.copyOf(hello, hello.length - 2);
    noExt[4] -= 2;
    noExt[8] -= 2;
    ClientHello parsed = parse(noExt);
    assertThat(parsed.status()).isEqualTo(Status.COMPLETE);
    assertThat(parsed.serverName()).isEmpty();
  }

  /** Whatever the bytes, the parser answers and never throws (seeded, so a failure repeats). */
  @Test
  void randomMutationsNeverThrow() {
    byte[] base = ClientHellos.jdk("fuzz.example", "h2", "http/1.1");
    Random random = new Random(20261124);
    for (int round = 0; round < 20_000; round++) {
      byte[] b = base.clone();
      int flips = 1 + random.nextInt(4);
      for (int f = 0; f < flips; f++) {
        b[random.nextInt(b.length)] = (byte) random.nextInt(256);
      }
      byte[] cut = Arrays.copyOf(b, random.nextInt(b.length + 1));
      ClientHello hello = parse(cut);
      assertThat(hello.status()).isNotNull();
    }
  }
}
