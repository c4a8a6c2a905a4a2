package dev.tproxy.bench.faults;

/** What the answering backends do while a fault window is open. */
enum BackendFault {
  /** They answer their name and end their side. */
  NONE,
  /** Their listening sockets are closed: the proxy's connect is refused. */
  DOWN,
  /** They accept and reset the connection at once. */
  RESET,
  /** They read the first bytes, send half of their answer, then reset. */
  CUT
}
