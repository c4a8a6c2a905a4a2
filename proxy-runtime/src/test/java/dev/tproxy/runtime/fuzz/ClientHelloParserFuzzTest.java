package dev.tproxy.runtime.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tproxy.runtime.internal.tls.ClientHello;
import dev.tproxy.runtime.internal.tls.ClientHelloParser;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * Coverage-guided fuzzing of the ClientHello parser (Jazzer): whatever the bytes, it answers
 * without throwing, leaves the buffer as it was, and a server name it reports is a DNS name's
 * length at most. Seeds: src/test/resources/dev/tproxy/runtime/fuzz/ClientHelloParserFuzzTestInputs.
 */
class ClientHelloParserFuzzTest {

  @FuzzTest(maxDuration = "20s")
  void anyBytes(byte[] bytes) {
    ByteBuf in = Unpooled.wrappedBuffer(bytes);
    ClientHello hello = ClientHelloParser.parse(in);
    assertThat(in.readerIndex()).isZero();
    assertThat(in.writerIndex()).isEqualTo(bytes.length);
    assertThat(hello.status()).isNotNull();
    hello.serverName().ifPresent(name -> assertThat(name.length()).isBetween(1, 255));
  }
}
