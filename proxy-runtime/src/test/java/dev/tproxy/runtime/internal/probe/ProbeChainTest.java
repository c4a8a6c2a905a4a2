package dev.tproxy.runtime.internal.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tproxy.model.Probe;
import dev.tproxy.model.ProbeRule;
import dev.tproxy.model.Target;
import dev.tproxy.runtime.testing.SslhTestData;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The probing order of sslh's probe_buffer, driven with sslh's own test configuration
 * (test.cfg, v2.3.1) and the inputs its test script sends, whole and one byte at a time.
 */
class ProbeChainTest {

  /** sslh test.cfg's protocols, in order; targets are named after what sslh's echosrv prefixes. */
  static final List<ProbeRule> SSLH_TEST_CFG = SslhTestData.TEST_CFG;

  static Stream<Arguments> sslhTestInputs() {
    return Stream.of(
        Arguments.of(SslhTestData.SSH, "ssh"),
        Arguments.of(SslhTestData.SOCKS5, "socks5"),
        Arguments.of(SslhTestData.HTTP, "http"),
        Arguments.of(SslhTestData.TINC, "tinc"),
        Arguments.of(SslhTestData.OPENVPN, "openvpn"),
        Arguments.of(SslhTestData.XMPP, "xmpp"),
        Arguments.of(SslhTestData.ADB, "adb"),
        Arguments.of(SslhTestData.SYSLOG, "syslog"),
        Arguments.of(ascii("fooo"), "regex"),
        Arguments.of(ascii("barr"), "regex"),
        Arguments.of(ascii("barrrr"), "regex"),
        Arguments.of(SslhTestData.tlsSniAlpn("sni1", "alpn1"), "tls:sni1;alpn1,alpn2"),
        Arguments.of(SslhTestData.tlsSniAlpn("sni1", "alpn2"), "tls:sni1;alpn1,alpn2"),
        Arguments.of(SslhTestData.tlsSniAlpn("sni2", "alpn1"), "tls:sni2,sni3;alpn1,alpn2"),
        Arguments.of(SslhTestData.tlsSniAlpn("sni3", "alpn2"), "tls:sni2,sni3;alpn1,alpn2"),
        Arguments.of(SslhTestData.tlsAlpn("alpn3"), "tls:;alpn3"),
        Arguments.of(SslhTestData.tlsSni("sni3"), "tls:sni3;"),
        Arguments.of(SslhTestData.tlsPlain(), "tls"),
        Arguments.of(SslhTestData.ANYPROT, "anyprot"));
  }

  @ParameterizedTest
  @MethodSource("sslhTestInputs")
  void wholeInputGoesWhereSslhSendsIt(byte[] input, String expected) {
    ProbeChain.Outcome outcome = new ProbeChain(SSLH_TEST_CFG).probe(Unpooled.wrappedBuffer(input));
    assertThat(outcome.needsMore()).isFalse();
    assertThat(outcome.rule().target().name()).isEqualTo(expected);
  }

  /** sslh's PROBES_AGAIN test writes one byte at a time: the first decision must be the right one. */
  @ParameterizedTest
  @MethodSource("sslhTestInputs")
  void oneByteAtATimeDecidesOnlyWhenSure(byte[] input, String expected) {
    ProbeChain chain = new ProbeChain(SSLH_TEST_CFG);
    ProbeChain.Outcome outcome = null;
    for (int n = 1; n <= input.length; n++) {
      outcome = chain.probe(Unpooled.wrappedBuffer(Arrays.copyOf(input, n)));
      if (!outcome.needsMore()) {
        break;
      }
    }
    assertThat(outcome.needsMore()).as("decided within the input").isFalse();
    assertThat(outcome.rule().target().name()).isEqualTo(expected);
  }

  @Test
  void belowMinLengthWaitsLikeSslhTestPatternsFooAndBar() {
    ProbeChain chain = new ProbeChain(SSLH_TEST_CFG);
    // sslh's test expects "foo" and "bar" to end at ssh, through the timeout: they never decide
    assertThat(chain.probe(Unpooled.wrappedBuffer(ascii("foo"))).needsMore()).isTrue();
    assertThat(chain.probe(Unpooled.wrappedBuffer(ascii("bar"))).needsMore()).isTrue();
  }

  @Test
  void everyProbeFailingTakesTheLastRuleAndAnyprotIsNeverProbed() {
    List<ProbeRule> rules = List.of(ProbeRule.of(Probe.SSH, "ssh"), ProbeRule.of(Probe.TLS, "web"));
    ProbeChain.Outcome out = new ProbeChain(rules).probe(Unpooled.wrappedBuffer(ascii("hello there")));
    assertThat(out.rule().target()).isEqualTo(Target.of("web"));
    assertThat(out.why()).isEqualTo("no probe matched, last rule");

    List<ProbeRule> withAnyprot = List.of(ProbeRule.of(Probe.SSH, "ssh"), ProbeRule.of(Probe.ANYPROT, "any"));
    ProbeChain chain = new ProbeChain(withAnyprot);
    // a final anyprot is not probed, so a short prefix still waits for ssh rather than matching anyprot
    assertThat(chain.probe(Unpooled.wrappedBuffer(ascii("SS"))).needsMore()).isTrue();
    assertThat(chain.probe(Unpooled.wrappedBuffer(ascii("GET /"))).rule().target().name()).isEqualTo("any");
  }

  @Test
  void aLaterMatchWinsOverAnEarlierProbeThatWaits() {
    // http waits below 7 bytes; tinc, after it, matches "0 " at once (sslh does the same)
    List<ProbeRule> rules = List.of(ProbeRule.of(Probe.HTTP, "http"), ProbeRule.of(Probe.TINC, "tinc"));
    assertThat(new ProbeChain(rules).probe(Unpooled.wrappedBuffer(ascii("0 "))).rule().target().name()).isEqualTo("tinc");
  }

  @Test
  void probingLeavesTheBufferUntouched() {
    ByteBuf buf = Unpooled.wrappedBuffer(SslhTestData.tlsSniAlpn("sni1", "alpn1"));
    int reader = buf.readerIndex();
    new ProbeChain(SSLH_TEST_CFG).probe(buf);
    assertThat(buf.readerIndex()).isEqualTo(reader);
    assertThat(buf.readableBytes()).isEqualTo(SslhTestData.tlsSniAlpn("sni1", "alpn1").length);
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
