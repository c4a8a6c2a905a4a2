package dev.tproxy.runtime.internal.stage;

import dev.tproxy.model.Forward;
import dev.tproxy.model.Target;
import dev.tproxy.runtime.RouteReason;
import dev.tproxy.runtime.ServiceCounters;
import io.netty.buffer.ByteBuf;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * A forward stage connects at once, before the client sends anything: the protocol behind it may
 * be one where the server speaks first (ssh, smtp). A tls-terminate stage decides the same way,
 * once its handshake has made the connection active.
 */
public final class ForwardDecider implements RouteDecider {
  private final Decision.Route route;

  public ForwardDecider(Forward stage) {
    this(stage.target(), "forward");
  }

  public ForwardDecider(Target target, String why) {
    this.route = new Decision.Route(target, RouteReason.FORWARD, why);
  }

  @Override
  public Set<ServiceCounters.Route> routes() {
    return Set.of(new ServiceCounters.Route(route.target().name(), route.reason()));
  }

  @Override
  public Decision onConnect() {
    return route;
  }

  @Override
  public Decision onData(ByteBuf received) {
    return route;
  }

  @Override
  public Optional<Duration> timeout() {
    return Optional.empty();
  }

  @Override
  public Decision onTimeout(ByteBuf received) {
    return route;
  }

  @Override
  public Decision onEndOfInput(ByteBuf received) {
    return route;
  }

  @Override
  public Decision onLimit(ByteBuf received) {
    return route;
  }
}
