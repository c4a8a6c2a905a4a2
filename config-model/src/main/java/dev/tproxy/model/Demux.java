package dev.tproxy.model;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Protocol demultiplexing as sslh does it: rules are probed in order on every new chunk of data,
 * the first match wins; if every probe fails the last rule is taken; when the client sends
 * nothing for {@code probeTimeout} the connection goes to {@code onTimeout}.
 *
 * @param probeTimeout absent: the engine's default (sslh 1.20: 2 s, sslh 2.x and tproxy: 5 s)
 * @param onTimeout absent: sslh's rule - the first rule whose probe is ssh, else the first rule
 */
public record Demux(List<ProbeRule> rules, Optional<Duration> probeTimeout, Optional<Target> onTimeout)
    implements Stage {

  public Demux {
    rules = Lists.copy(rules);
    probeTimeout = probeTimeout == null ? Optional.empty() : probeTimeout;
    onTimeout = onTimeout == null ? Optional.empty() : onTimeout;
  }

  @Override
  public StageKind kind() {
    return StageKind.DEMUX;
  }

  @Override
  public List<Target> targets() {
    List<Target> t = new ArrayList<>();
    for (ProbeRule r : rules) {
      if (r != null && r.target() != null) {
        t.add(r.target());
      }
    }
    onTimeout.ifPresent(t::add);
    return t;
  }

  /**
   * The probe timeout in effect when this stage runs on {@code engine}: the one written, else
   * the engine's default - sslh before 1.21 waits 2 s (v1.20 common.c), sslh 1.21 and later 5 s
   * (sslhconf.cfg), and tproxy follows sslh 2.x.
   */
  public Duration effectiveProbeTimeout(Engine engine) {
    if (probeTimeout.isPresent()) {
      return probeTimeout.get();
    }
    boolean old = engine.kind() == EngineKind.SSLH && !engine.version().isAtLeast(Version.of(1, 21));
    return Duration.ofSeconds(old ? 2 : 5);
  }

  /** The target a silent client ends up at, by sslh's rule when {@code onTimeout} is absent. */
  public Optional<Target> effectiveTimeoutTarget() {
    if (onTimeout.isPresent()) {
      return onTimeout;
    }
    return rules.stream()
        .filter(r -> r.probe() == Probe.SSH)
        .findFirst()
        .or(() -> rules.stream().findFirst())
        .map(ProbeRule::target);
  }
}
