package dev.tproxy.runtime.internal.connection;

import dev.tproxy.runtime.ConnectionEvent;
import dev.tproxy.runtime.RuntimeOptions;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a closed connection is reported: the logger {@code dev.tproxy.runtime.connections} (one
 * INFO text line), the embedder's line consumer and its event listener. The event and the line
 * are made only for someone who reads them: with the logger off and neither consumer set,
 * closing a connection makes nothing.
 */
public final class ConnectionOutputs {
  /** One INFO line per connection; turn this logger off to silence them. */
  private static final Logger LOG = LoggerFactory.getLogger("dev.tproxy.runtime.connections");

  private final boolean logLines;
  private final Consumer<String> lines;
  private final Consumer<ConnectionEvent> events;

  private ConnectionOutputs(boolean logLines, Consumer<String> lines, Consumer<ConnectionEvent> events) {
    this.logLines = logLines;
    this.lines = lines;
    this.events = events;
  }

  public static ConnectionOutputs of(RuntimeOptions options) {
    return new ConnectionOutputs(options.logConnections(), options.connectionLog(), options.connectionListener());
  }

  /** Reports {@code record}'s connection, which has just closed; on its event loop. */
  void closed(ConnectionRecord record) {
    boolean logged = logLines && LOG.isInfoEnabled();
    boolean wantsLine = logged || lines != RuntimeOptions.NO_CONNECTION_LOG;
    boolean wantsEvent = events != RuntimeOptions.NO_CONNECTION_LISTENER;
    if (!wantsLine && !wantsEvent) {
      return;
    }
    ConnectionEvent event = record.toEvent();
    if (wantsLine) {
      String line = event.toLogLine();
      if (logged) {
        LOG.info(line);
      }
      deliver(lines, line);
    }
    deliver(events, event);
  }

  /** An embedder's consumer that throws must not keep the connection from being closed and counted. */
  private static <T> void deliver(Consumer<T> consumer, T value) {
    try {
      consumer.accept(value);
    } catch (RuntimeException e) {
      LOG.warn("a connection log consumer or listener failed: {}", e.toString(), e);
    }
  }
}
