package dev.tproxy.runtime.internal.probe;

/** What a probe says about the bytes received so far (sslh probe.h). */
public enum ProbeVerdict {
  /** Not this protocol. */
  NEXT,
  /** This protocol. */
  MATCH,
  /** Cannot tell yet: wait for more bytes. */
  AGAIN
}
