package dev.tproxy.runtime.internal.forward;

import dev.tproxy.runtime.internal.connection.ConnectionRecord;
import dev.tproxy.runtime.internal.stage.Decision;
import dev.tproxy.runtime.internal.stage.Dispatcher;
import dev.tproxy.runtime.internal.stage.PrereadHandler;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.concurrent.Future;
import java.time.Duration;
import java.util.Map;

/**
 * Takes a decided connection to its target: hands it to an in-process handler, or connects
 * upstream and starts the relay, sending the bytes read while deciding first. One per service.
 */
public final class ConnectionDispatcher implements Dispatcher {
  private final Map<String, Destination> destinations;
  private final UpstreamConnector connector;
  private final boolean halfClose;
  private final Duration idleTimeout;
  private final boolean splice;

  public ConnectionDispatcher(Map<String, Destination> destinations, UpstreamConnector connector,
      boolean halfClose, Duration idleTimeout, boolean splice) {
    this.destinations = Map.copyOf(destinations);
    this.connector = connector;
    this.halfClose = halfClose;
    this.idleTimeout = idleTimeout;
    this.splice = splice;
  }

  @Override
  public void dispatch(ChannelHandlerContext ctx, Decision.Route route, PrereadHandler preread, ConnectionRecord record) {
    Channel client = ctx.channel();
    record.routed(route.target(), route.why());
    Destination destination = destinations.get(route.target().name());
    if (destination instanceof Destination.InProcess inProcess) {
      InProcessHandover.handover(ctx, inProcess, preread, record);
      return;
    }
    connector.connect(client, destination, record).addListener((Future<Channel> f) -> {
      if (!f.isSuccess()) {
        record.connectFailed("connect to " + route.target().name() + " failed: " + f.cause().getMessage());
        client.close();
        return;
      }
      Channel upstream = f.getNow();
      if (!client.isActive()) {
        upstream.close();
        return;
      }
      // Same event-loop task from here on: nothing can arrive between taking the bytes and
      // installing the relay.
      ByteBuf received = preread.takeReceived();
      client.pipeline().remove(preread);
      RelaySession session = new RelaySession(client, upstream, record, halfClose);
      if (splice && SpliceRelay.canSplice(client, upstream, record)) {
        SpliceRelay.start(session, received, idleTimeout);
      } else {
        BufferRelay.start(session, received, idleTimeout);
      }
    });
  }
}
