package dev.tproxy.runtime.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tproxy.model.Probe;
import dev.tproxy.model.ProbeRule;
import dev.tproxy.runtime.internal.probe.ProbeChain;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.List;
import java.util.OptionalInt;

/**
 * Coverage-guided fuzzing of every probe, through a chain that holds them all (sslh's test
 * configuration): whatever the bytes and however they are split into two chunks, the chain answers
 * without throwing, leaves the buffer as it was, and the answer on the second chunk, probing only
 * the new bytes, is the one probing all of them gives.
 */
class ProbeChainFuzzTest {
  private static final ProbeChain CHAIN = new ProbeChain(List.of(
      ProbeRule.of(Probe.SSH, "ssh"),
      ProbeRule.of(Probe.SOCKS5, "socks5"),
      ProbeRule.of(Probe.HTTP, "http"),
      ProbeRule.of(Probe.TINC, "tinc"),
      ProbeRule.of(Probe.OPENVPN, "openvpn"),
      ProbeRule.of(Probe.XMPP, "xmpp"),
      ProbeRule.of(Probe.ADB, "adb"),
      ProbeRule.of(Probe.SYSLOG, "syslog"),
      ProbeRule.regex("regex", List.of("^foo", "bar[0-9]+"), OptionalInt.of(4)),
      ProbeRule.tls("tls-sni", List.of("*.example.org"), List.of("h2")),
      ProbeRule.tls("tls", List.of(), List.of()),
      ProbeRule.of(Probe.ANYPROT, "anyprot")));

  @FuzzTest(maxDuration = "20s")
  void anyBytesInTwoChunks(FuzzedDataProvider data) {
    int split = data.consumeInt(0, 4096);
    byte[] bytes = data.consumeRemainingAsBytes();
    int first = Math.min(split, bytes.length);
    ProbeChain.Outcome early = CHAIN.probe(Unpooled.wrappedBuffer(bytes, 0, first), 0);
    ByteBuf all = Unpooled.wrappedBuffer(bytes);
    ProbeChain.Outcome whole = CHAIN.probe(all, 0);
    assertThat(all.readerIndex()).isZero();
    assertThat(all.writerIndex()).isEqualTo(bytes.length);
    if (early.needsMore()) {
      assertThat(CHAIN.probe(all, first)).isEqualTo(whole);
    }
  }
}
