package dev.tproxy.runtime.internal;

import dev.tproxy.model.IpPrefix;
import dev.tproxy.runtime.internal.connection.ConnectionRecord;
import dev.tproxy.runtime.internal.connection.ConnectionRegistry;
import dev.tproxy.runtime.internal.connection.ConnectionTracker;
import dev.tproxy.runtime.internal.connection.ServiceStats;
import dev.tproxy.runtime.internal.limit.ConnectionLimit;
import dev.tproxy.runtime.internal.limit.ServiceLimitHandler;
import dev.tproxy.runtime.internal.proxyprotocol.ProxyHeaderReader;
import dev.tproxy.runtime.internal.stage.Dispatcher;
import dev.tproxy.runtime.internal.stage.PrereadHandler;
import dev.tproxy.runtime.internal.stage.RouteDecider;
import dev.tproxy.runtime.internal.terminate.TlsTerminator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Builds the pipeline of each connection a service accepts, in {@link PipelineNames}' order: the
 * tracker, the service's connection limit, the PROXY header reader, the TLS handlers, then the
 * preread handler of the service's stage. Everything stage-specific lives in the {@link
 * RouteDecider}; everything after the decision in the {@link Dispatcher}.
 */
final class ServiceInitializer extends ChannelInitializer<Channel> {

  /** What a service adds in front of its stage; absent parts are left out of the pipeline. */
  record Front(ConnectionLimit limit, Optional<ProxyAccept> proxy, Optional<TlsTerminator> tls, Consumer<String> log) {}

  /** A listener that expects PROXY headers from {@code trusted} peers within {@code timeout}. */
  record ProxyAccept(List<IpPrefix> trusted, Duration timeout) {}

  private final String service;
  private final ServiceStats stats;
  private final ConnectionRegistry registry;
  private final Front front;
  private final RouteDecider decider;
  private final Dispatcher dispatcher;
  private final int prereadLimit;

  ServiceInitializer(String service, ServiceStats stats, ConnectionRegistry registry, Front front, RouteDecider decider,
      Dispatcher dispatcher, int prereadLimit) {
    this.service = service;
    this.stats = stats;
    this.registry = registry;
    this.front = front;
    this.decider = decider;
    this.dispatcher = dispatcher;
    this.prereadLimit = prereadLimit;
  }

  String service() {
    return service;
  }

  @Override
  protected void initChannel(Channel ch) {
    ConnectionRecord record = new ConnectionRecord(service, stats, ch.remoteAddress(), ch.localAddress());
    ChannelPipeline p = ch.pipeline();
    p.addLast(PipelineNames.TRACKER, new ConnectionTracker(record, stats, registry, front.log()));
    if (front.limit() != ConnectionLimit.NONE) {
      p.addLast(PipelineNames.LIMIT, new ServiceLimitHandler(front.limit(), record));
    }
    front.proxy().ifPresent(accept -> {
      p.addLast(PipelineNames.PROXY_DECODER, new HAProxyMessageDecoder());
      p.addLast(PipelineNames.PROXY_HEADER, new ProxyHeaderReader(accept.trusted(), accept.timeout(), record));
    });
    front.tls().ifPresent(tls -> tls.addHandlers(ch, record));
    p.addLast(PipelineNames.PREREAD, new PrereadHandler(decider, dispatcher, record, prereadLimit));
  }
}
