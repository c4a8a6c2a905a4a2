package dev.tproxy.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.DecoderException;
import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import org.junit.jupiter.api.Test;

class CausesTest {

  @Test
  void aFailureWithoutMessageIsNamedByItsType() {
    assertThat(Causes.describe(new ClosedChannelException())).isEqualTo("ClosedChannelException");
    assertThat(Causes.describe(new ConnectException(""))).isEqualTo("ConnectException");
  }

  @Test
  void aMessageIsTakenAsItIsAndADecodersWrapperIsSeenThrough() {
    assertThat(Causes.describe(new ConnectException("Connection refused"))).isEqualTo("Connection refused");
    assertThat(Causes.describe(new DecoderException(new IllegalStateException("bad header")))).isEqualTo("bad header");
  }
}
