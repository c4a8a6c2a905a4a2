package dev.tproxy.runtime.internal.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tproxy.model.Probe;
import dev.tproxy.model.ProbeRule;
import dev.tproxy.runtime.testing.ClientHellos;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A client that trickles its first flight a byte at a time is probed on the new bytes only
 * (ProbeChain.probe with probedBefore), and every verdict is the one probing all the bytes from
 * the start gives: a search that straddles two chunks still finds what it looks for.
 */
class TrickledProbingTest {

  /** HTTP first, so that its search for "HTTP" anywhere runs on every byte. */
  private static final List<ProbeRule> RULES = List.of(
      ProbeRule.of(Probe.HTTP, "http"),
      ProbeRule.regex("regex", List.of("^foo", "bar[0-9]{3}"), java.util.OptionalInt.empty()),
      ProbeRule.of(Probe.SYSLOG, "syslog"),
      ProbeRule.tls("tls", List.of(), List.of()),
      ProbeRule.of(Probe.ANYPROT, "any"));

  static Stream<byte[]> inputs() {
    byte[] noise = new byte[300];
    new Random(7).nextBytes(noise);
    noise[0] = 0x16; // looks like TLS at first, so the chain keeps asking for more
    noise[1] = 0x03;
    noise[3] = 0x01;
    noise[4] = 0x00;
    return Stream.of(
        ascii("\u0016\u0003\u0001\u0001\u0000" + "x".repeat(200) + "HTTP/1.1"),
        ascii("\u0016\u0003\u0001\u0001\u0000" + "y".repeat(100) + "bar123"),
        ascii("<34>Oct 11 22:14:15 host su: 'su root' failed"),
        ClientHellos.jdk("trickle.test"),
        noise);
  }

  @ParameterizedTest
  @MethodSource("inputs")
  void byteByByteEachVerdictIsTheWholeBuffersVerdict(byte[] input) {
    ProbeChain chain = new ProbeChain(RULES);
    for (int n = 1; n <= input.length; n++) {
      ByteBuf soFar = Unpooled.wrappedBuffer(input, 0, n);
      ProbeChain.Outcome incremental = chain.probe(soFar, n - 1);
      ProbeChain.Outcome whole = chain.probe(soFar, 0);
      assertThat(incremental).as("after %d bytes", n).isEqualTo(whole);
      if (!whole.needsMore()) {
        return;
      }
    }
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }
}
