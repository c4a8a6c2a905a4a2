package dev.tproxy.tasks.observe;

import dev.tproxy.runtime.ConnectionEvent;
import java.io.PrintStream;
import java.util.function.Consumer;

/**
 * Writes each connection as one JSON object on one line ({@link ConnectionEvent#toJson()}).
 * Runs on the runtime's event loops, as the logger's text lines do; {@link PrintStream#println}
 * keeps concurrent lines whole.
 */
public final class JsonConnectionLog implements Consumer<ConnectionEvent> {
  private final PrintStream out;

  public JsonConnectionLog(PrintStream out) {
    this.out = out;
  }

  @Override
  public void accept(ConnectionEvent event) {
    out.println(event.toJson());
  }
}
