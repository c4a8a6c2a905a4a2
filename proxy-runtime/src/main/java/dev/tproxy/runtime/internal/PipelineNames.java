package dev.tproxy.runtime.internal;

/**
 * The names of the runtime's handlers in a client connection's pipeline, in order. Issue 5's
 * stages slot in between: a PROXY-protocol decoder and a TLS handler go after {@link #TRACKER}
 * and before {@link #PREREAD}, so that the tracker still counts raw bytes and the stage decides on
 * what they produce.
 */
public final class PipelineNames {
  private PipelineNames() {}

  /** Counts bytes, keeps counters, logs the connection: always first. */
  public static final String TRACKER = "tracker";
  /** Reads until the stage decides; removed when it has. */
  public static final String PREREAD = "preread";
}
