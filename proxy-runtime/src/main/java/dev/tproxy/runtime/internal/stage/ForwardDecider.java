package dev.tproxy.runtime.internal.stage;

import dev.tproxy.model.Forward;
import io.netty.buffer.ByteBuf;
import java.time.Duration;
import java.util.Optional;

/**
 * A forward stage connects at once, before the client sends anything: the protocol behind it may
 * be one where the server speaks first (ssh, smtp).
 */
public final class ForwardDecider implements RouteDecider {
  private final Decision route;

  public ForwardDecider(Forward stage) {
    this.route = new Decision.Route(stage.target(), "forward");
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
