package dev.tproxy.runtime.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tproxy.runtime.internal.probe.ProbeChain;
import dev.tproxy.runtime.testing.SslhTestData;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * Coverage-guided fuzzing of every probe, through a chain that holds them all (sslh's test
 * configuration, SNI and ALPN rules included): whatever the bytes and however they are split into two chunks, the chain answers
 * without throwing, leaves the buffer as it was, and the answer on the second chunk, probing only
 * the new bytes, is the one probing all of them gives.
 */
class ProbeChainFuzzTest {
  private static final ProbeChain CHAIN = new ProbeChain(SslhTestData.TEST_CFG);

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
