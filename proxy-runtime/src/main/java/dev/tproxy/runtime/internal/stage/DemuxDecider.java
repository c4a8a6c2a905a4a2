package dev.tproxy.runtime.internal.stage;

import dev.tproxy.model.Demux;
import dev.tproxy.model.Engine;
import dev.tproxy.model.Target;
import dev.tproxy.runtime.internal.probe.ProbeChain;
import io.netty.buffer.ByteBuf;
import java.time.Duration;
import java.util.Optional;

/**
 * sslh's demultiplexing: the probes decide on every chunk; the probe timeout, counted from accept,
 * always fires and sends a silent or undecided client to the on-timeout target (sslh-ev can miss
 * it, see docs/runtime-vs-sslh-nginx.md); a client that shuts down its side after sending
 * something goes to the last rule, as sslh does when read() ends the probing.
 */
public final class DemuxDecider implements RouteDecider {
  private final ProbeChain chain;
  private final Duration timeout;
  private final Target timeoutTarget;

  public DemuxDecider(Demux stage, Engine engine) {
    this.chain = new ProbeChain(stage.rules());
    this.timeout = stage.effectiveProbeTimeout(engine);
    this.timeoutTarget = stage.effectiveTimeoutTarget().orElseThrow();
  }

  @Override
  public Decision onConnect() {
    return Decision.NEED_MORE;
  }

  @Override
  public Decision onData(ByteBuf received) {
    ProbeChain.Outcome outcome = chain.probe(received);
    return outcome.needsMore() ? Decision.NEED_MORE : new Decision.Route(outcome.rule().target(), outcome.why());
  }

  @Override
  public Optional<Duration> timeout() {
    return Optional.of(timeout);
  }

  @Override
  public Decision onTimeout(ByteBuf received) {
    return new Decision.Route(timeoutTarget, "probe timeout after " + timeout.toMillis() + " ms");
  }

  @Override
  public Decision onEndOfInput(ByteBuf received) {
    if (!received.isReadable()) {
      return new Decision.Close("client closed before sending anything");
    }
    return new Decision.Route(chain.lastRule().target(), "client ended its data undecided, last rule");
  }

  @Override
  public Decision onLimit(ByteBuf received) {
    return new Decision.Route(chain.lastRule().target(),
        "no probe decided within " + received.readableBytes() + " bytes, last rule");
  }
}
