package dev.tproxy.runtime.internal;

import dev.tproxy.runtime.internal.connection.ConnectionRecord;
import dev.tproxy.runtime.internal.connection.ConnectionRegistry;
import dev.tproxy.runtime.internal.connection.ConnectionTracker;
import dev.tproxy.runtime.internal.connection.ServiceStats;
import dev.tproxy.runtime.internal.stage.Dispatcher;
import dev.tproxy.runtime.internal.stage.PrereadHandler;
import dev.tproxy.runtime.internal.stage.RouteDecider;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;

/**
 * Builds the pipeline of each connection a service accepts: the tracker, then the preread handler
 * of the service's stage. Everything stage-specific lives in the {@link RouteDecider}; everything
 * after the decision in the {@link Dispatcher}.
 */
final class ServiceInitializer extends ChannelInitializer<Channel> {
  private final String service;
  private final ServiceStats stats;
  private final ConnectionRegistry registry;
  private final RouteDecider decider;
  private final Dispatcher dispatcher;
  private final int prereadLimit;

  ServiceInitializer(String service, ServiceStats stats, ConnectionRegistry registry, RouteDecider decider,
      Dispatcher dispatcher, int prereadLimit) {
    this.service = service;
    this.stats = stats;
    this.registry = registry;
    this.decider = decider;
    this.dispatcher = dispatcher;
    this.prereadLimit = prereadLimit;
  }

  @Override
  protected void initChannel(Channel ch) {
    ConnectionRecord record = new ConnectionRecord(service, stats, ch.remoteAddress(), ch.localAddress());
    ch.pipeline().addLast(PipelineNames.TRACKER, new ConnectionTracker(record, stats, registry));
    ch.pipeline().addLast(PipelineNames.PREREAD, new PrereadHandler(decider, dispatcher, record, prereadLimit));
  }
}
