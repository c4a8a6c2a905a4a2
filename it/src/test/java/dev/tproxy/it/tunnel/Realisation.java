package dev.tproxy.it.tunnel;

/**
 * The four ways the reference chain (examples/proxytunnel-endpoint) is realised: who runs the front
 * on :443, and who runs the SNI router (:1443) and the two terminators (:444, :445) behind it.
 * The first, the generated files on the real programs, is the reference the others are compared
 * with: it is what users copy from the reference document.
 */
enum Realisation {
  ALL_GENERATED("(a) all generated", "sslh 1.20 → nginx 1.22", Front.SSLH, Terminators.NGINX),
  ALL_RUNTIME("(b) all runtime", "runtime → runtime", Front.RUNTIME, Terminators.RUNTIME),
  SSLH_THEN_RUNTIME("(c) sslh → runtime", "sslh 1.20 → runtime", Front.SSLH, Terminators.RUNTIME),
  RUNTIME_THEN_NGINX("(d) runtime → nginx", "runtime → nginx 1.22", Front.RUNTIME, Terminators.NGINX);

  /** The realisation every other one must agree with. */
  static final Realisation REFERENCE = ALL_GENERATED;

  /** Who realises the front on :443: Debian's sslh 1.20 on the generated front.cfg, or the runtime. */
  enum Front { SSLH, RUNTIME }

  /** Who realises the SNI router and the terminators: Debian's nginx 1.22 on the generated nginx.conf, or the runtime. */
  enum Terminators { NGINX, RUNTIME }

  final String label;
  final String programs;
  final Front front;
  final Terminators terminators;

  Realisation(String label, String programs, Front front, Terminators terminators) {
    this.label = label;
    this.programs = programs;
    this.front = front;
    this.terminators = terminators;
  }

  /** {@code (c) sslh → runtime}, for messages. */
  @Override
  public String toString() {
    return label;
  }
}
