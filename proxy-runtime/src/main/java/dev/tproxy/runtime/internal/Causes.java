package dev.tproxy.runtime.internal;

/** Failures as a log line names them. */
public final class Causes {
  private Causes() {}

  /**
   * What went wrong, never "null": the message of the exception (of its cause, for a decoder's
   * wrapper), or its type where it has none (a bare ClosedChannelException, some connect
   * failures).
   */
  public static String describe(Throwable t) {
    Throwable c = t instanceof io.netty.handler.codec.DecoderException && t.getCause() != null ? t.getCause() : t;
    String message = c.getMessage();
    return message == null || message.isBlank() ? c.getClass().getSimpleName() : message;
  }
}
