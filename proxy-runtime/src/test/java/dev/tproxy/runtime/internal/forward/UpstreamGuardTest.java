package dev.tproxy.runtime.internal.forward;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.channels.NotYetConnectedException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An upstream channel's exceptions never reach the pipeline's tail, relay or not. */
class UpstreamGuardTest {

  @Test
  void beforeTheRelayTheGuardEndsTheChannelAndNothingReachesTheTail() {
    EmbeddedChannel upstream = new EmbeddedChannel(UpstreamGuard.INSTANCE);
    upstream.pipeline().fireExceptionCaught(new NotYetConnectedException());
    upstream.checkException(); // rethrows what reached the tail: nothing did
    assertThat(upstream.isOpen()).isFalse();
  }

  @Test
  void onceARelayIsBehindItExceptionsAreTheRelays() {
    List<Throwable> seen = new ArrayList<>();
    EmbeddedChannel upstream = new EmbeddedChannel(UpstreamGuard.INSTANCE, new ChannelInboundHandlerAdapter() {
      @Override
      public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        seen.add(cause);
      }
    });
    upstream.pipeline().fireExceptionCaught(new NotYetConnectedException());
    upstream.checkException();
    assertThat(seen).hasSize(1);
    assertThat(upstream.isOpen()).as("the relay decides how the pair ends").isTrue();
  }
}
