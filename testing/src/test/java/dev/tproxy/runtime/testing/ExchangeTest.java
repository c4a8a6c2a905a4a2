package dev.tproxy.runtime.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@link Exchange} against backends on loopback that answer, close, reset, or are not there. */
class ExchangeTest {
  private static final byte[] FLIGHT = "GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

  @Test
  void anEchoBackendNamesItselfEchoesTheFlightAndEndsCleanlyAfterTheClientEnds() {
    try (TestBackend backend = new TestBackend("web", TestBackend.announceAndEcho("web")).start()) {
      Exchange e = Exchange.run(FLIGHT, backend.address());
      assertThat(e.answered()).isTrue();
      assertThat(e.fromEchoBackend()).isTrue();
      assertThat(e.firstLine()).isEqualTo("BACKEND web peer=" + e.local());
      assertThat(e.echo()).isEqualTo(Exchange.Echo.INTACT);
      assertThat(e.end()).isEqualTo(Exchange.End.EOF);
      assertThat(e.bytesAfter()).isZero();
      assertThat(Exchange.parse(e.toLine())).isEqualTo(e);
    }
  }

  @Test
  void aGreetingIsKeptWithItsCarriageReturnAndNoEchoIsDue() {
    TestBackend.Behaviour greet = (s, c) -> {
      s.getOutputStream().write("SSH-2.0-Test\r\n".getBytes(StandardCharsets.US_ASCII));
      s.getInputStream().readAllBytes();
    };
    try (TestBackend backend = new TestBackend("sshd", greet).start()) {
      Exchange e = Exchange.run(new byte[0], backend.address());
      assertThat(e.firstLine()).isEqualTo("SSH-2.0-Test\\x0d");
      assertThat(e.echo()).isEqualTo(Exchange.Echo.NONE);
      assertThat(e.end()).isEqualTo(Exchange.End.EOF);
      assertThat(Exchange.parse(e.toLine())).isEqualTo(e);
    }
  }

  @Test
  void aCloseBeforeAnyAnswerIsAnEofUnanswered() {
    // it reads the flight first: a close with unread bytes would be a reset
    try (TestBackend backend = new TestBackend("closes", (s, c) -> s.getInputStream().readNBytes(FLIGHT.length)).start()) {
      Exchange e = Exchange.run(FLIGHT, backend.address());
      assertThat(e.answered()).isFalse();
      assertThat(e.end()).isEqualTo(Exchange.End.EOF);
    }
  }

  @Test
  void aResetBeforeAnyAnswerIsAReset() {
    TestBackend.Behaviour reset = (s, c) -> {
      s.getInputStream().read();
      s.setSoLinger(true, 0);
    };
    try (TestBackend backend = new TestBackend("resets", reset).start()) {
      Exchange e = Exchange.run(FLIGHT, backend.address());
      assertThat(e.answered()).isFalse();
      assertThat(e.end()).isEqualTo(Exchange.End.RESET);
    }
  }

  @Test
  void nobodyListeningIsRefused() throws IOException {
    InetSocketAddress closed;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closed = (InetSocketAddress) s.getLocalSocketAddress();
    }
    Exchange e = Exchange.run(FLIGHT, closed);
    assertThat(e.end()).isEqualTo(Exchange.End.REFUSED);
    assertThat(e.local()).isEqualTo("-");
  }

  @Test
  void everyByteOutsidePrintableAsciiIsShownEscaped() {
    assertThat(Exchange.printable(new byte[] {'a', '\t', '\\', (byte) 0xff, '\r'})).isEqualTo("a\\x09\\x5c\\xff\\x0d");
  }
}
