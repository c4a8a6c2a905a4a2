package dev.tproxy.model;

import java.util.List;

/** What a service does with each accepted connection. A service has exactly one stage. */
public sealed interface Stage permits Demux, SniRoute, TlsTerminate, Forward {

  StageKind kind();

  /** Every target this stage can send a connection to, in the order written. */
  List<Target> targets();
}
