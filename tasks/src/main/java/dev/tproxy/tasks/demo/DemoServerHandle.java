package dev.tproxy.tasks.demo;

/** One running stand-in; {@link #close()} stops it. */
interface DemoServerHandle extends AutoCloseable {
  /** How to reach it, for the start-up table, e.g. "curl http://127.0.0.1:18080/". */
  String description();

  @Override
  void close();
}
