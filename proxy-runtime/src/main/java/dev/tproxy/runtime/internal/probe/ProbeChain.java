package dev.tproxy.runtime.internal.probe;

import dev.tproxy.model.Probe;
import dev.tproxy.model.ProbeRule;
import dev.tproxy.runtime.RouteReason;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * The rules of a demux stage run the way sslh's probe_buffer (probe.c) runs them, on all the bytes
 * received so far: in order, the first MATCH wins even if an earlier probe asked to wait; a rule
 * whose min-length is not reached counts as waiting; a final anyprot is never probed; if some
 * probe waits the answer is "wait", otherwise every probe failed and the last rule is taken.
 */
public final class ProbeChain {

  /**
   * The outcome: a rule ({@link RouteReason#PROBE} when its probe matched, {@link
   * RouteReason#DEFAULT} when the last rule is taken because none did), or {@code null} while
   * more bytes are needed.
   */
  public record Outcome(ProbeRule rule, RouteReason reason, String why) {
    public boolean needsMore() {
      return rule == null;
    }
  }

  private static final Outcome AGAIN = new Outcome(null, null, "");

  private record Step(ProbeRule rule, ProtocolProbe probe, int minLength) {}

  private final List<Step> steps;
  private final ProbeRule last;

  public ProbeChain(List<ProbeRule> rules) {
    if (rules.isEmpty()) {
      throw new IllegalArgumentException("a demux stage needs at least one rule");
    }
    List<Step> s = new ArrayList<>();
    for (ProbeRule r : rules) {
      s.add(new Step(r, ProbeFactory.create(r), r.minLength().orElse(0)));
    }
    this.steps = List.copyOf(s);
    this.last = rules.get(rules.size() - 1);
  }

  /** The rule every failed probe falls back to: the last one. */
  public ProbeRule lastRule() {
    return last;
  }

  public Outcome probe(ByteBuf received) {
    return probe(received, 0);
  }

  /** {@link #probe(ByteBuf)}, when the first {@code probedBefore} bytes were probed already. */
  public Outcome probe(ByteBuf received, int probedBefore) {
    boolean again = false;
    int length = received.readableBytes();
    for (int i = 0; i < steps.size(); i++) {
      Step step = steps.get(i);
      if (i == steps.size() - 1 && step.rule().probe() == Probe.ANYPROT) {
        break;
      }
      if (length < step.minLength()) {
        again = true;
        continue;
      }
      ProbeVerdict verdict = step.probe().probe(received, probedBefore);
      if (verdict == ProbeVerdict.MATCH) {
        return new Outcome(step.rule(), RouteReason.PROBE, "probe " + step.rule().probe().id());
      }
      if (verdict == ProbeVerdict.AGAIN) {
        again = true;
      }
    }
    return again ? AGAIN : new Outcome(last, RouteReason.DEFAULT, "no probe matched, last rule");
  }
}
