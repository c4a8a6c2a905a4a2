package dev.tproxy.runtime.testing;

import dev.tproxy.runtime.ConnectionEvent;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Collects a runtime's connection events ({@code RuntimeOptions.Builder.connectionListener}) so
 * that tests can wait for one and look at its fields.
 */
public final class ConnectionEvents implements Consumer<ConnectionEvent> {
  private final List<ConnectionEvent> events = new CopyOnWriteArrayList<>();

  @Override
  public void accept(ConnectionEvent event) {
    events.add(event);
  }

  public List<ConnectionEvent> events() {
    return List.copyOf(events);
  }

  /** Waits for an event that {@code matches}, and returns the first one. */
  public ConnectionEvent await(String what, Predicate<ConnectionEvent> matches) {
    Eventually.await("a connection event: " + what + "; events so far:\n"
            + events.stream().map(ConnectionEvent::toLogLine).collect(Collectors.joining("\n")),
        Duration.ofSeconds(10), () -> events.stream().anyMatch(matches));
    return events.stream().filter(matches).findFirst().orElseThrow();
  }

  public void clear() {
    events.clear();
  }
}
