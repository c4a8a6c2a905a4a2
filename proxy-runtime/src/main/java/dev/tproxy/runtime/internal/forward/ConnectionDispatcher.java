package dev.tproxy.runtime.internal.forward;

import dev.tproxy.model.ProxyProtocolVersion;
import dev.tproxy.runtime.internal.Causes;
import dev.tproxy.runtime.internal.connection.ConnectionRecord;
import dev.tproxy.runtime.internal.limit.ConnectionLimit;
import dev.tproxy.runtime.internal.proxyprotocol.ProxyHeaderSender;
import dev.tproxy.runtime.internal.stage.Decision;
import dev.tproxy.runtime.internal.stage.Dispatcher;
import dev.tproxy.runtime.internal.stage.PrereadHandler;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.concurrent.Future;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Takes a decided connection to its target: takes the route's place if it has a connection limit
 * (closing the connection at once when it is full), hands it to an in-process handler, or
 * connects upstream, sends a PROXY header if the service sends them, and starts the relay with
 * the bytes read while deciding first. One per service.
 */
public final class ConnectionDispatcher implements Dispatcher {

  /** How a service relays once connected. */
  public record Settings(boolean halfClose, Duration idleTimeout, boolean splice, Optional<ProxyProtocolVersion> sendProxy) {}

  /**
   * Loaded with this class, at start: a class first needed on the failure path may have to be
   * read from a class directory once descriptors have run out, which fails.
   */
  private static final Class<?> FAILURE_PATH = Causes.class;

  private final Map<String, Destination> destinations;
  private final UpstreamConnector connector;
  private final Settings settings;

  public ConnectionDispatcher(Map<String, Destination> destinations, UpstreamConnector connector, Settings settings) {
    this.destinations = Map.copyOf(destinations);
    this.connector = connector;
    this.settings = settings;
  }

  @Override
  public void dispatch(ChannelHandlerContext ctx, Decision.Route route, PrereadHandler preread, ConnectionRecord record) {
    Channel client = ctx.channel();
    ConnectionLimit limit = route.limit();
    if (!limit.tryAcquire()) {
      record.refusedRoute(route.target(), route.reason(), route.why(), limit.refusal());
      client.close();
      return;
    }
    client.closeFuture().addListener((ChannelFutureListener) f -> limit.release());
    record.routed(route.target(), route.reason(), route.why());
    Destination destination = destinations.get(route.target().name());
    if (destination instanceof Destination.InProcess inProcess) {
      InProcessHandover.handover(ctx, inProcess, preread, record);
      return;
    }
    connector.connect(client, destination, record).addListener((Future<Channel> f) -> {
      if (!f.isSuccess()) {
        // The client first: out of descriptors (socket() failed with EMFILE), even loading a class
        // for the log line can fail, and the client's descriptor must be given back regardless.
        client.close();
        record.connectFailed("connect to " + route.target().name() + " failed: " + Causes.describe(f.cause()));
        return;
      }
      Channel upstream = f.getNow();
      if (!client.isActive()) {
        upstream.close();
        return;
      }
      // Same event-loop task from here on: nothing can arrive between taking the bytes and
      // installing the relay.
      settings.sendProxy().ifPresent(v -> ProxyHeaderSender.send(upstream, v, record.client(), record.destination()));
      ByteBuf received = preread.takeReceived();
      client.pipeline().remove(preread);
      RelaySession session = new RelaySession(client, upstream, record, settings.halfClose());
      if (settings.splice() && SpliceRelay.canSplice(client, upstream, record)) {
        SpliceRelay.start(session, received, settings.idleTimeout());
      } else {
        BufferRelay.start(session, received, settings.idleTimeout());
      }
    });
  }
}
