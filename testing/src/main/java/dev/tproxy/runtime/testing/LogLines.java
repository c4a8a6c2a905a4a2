package dev.tproxy.runtime.testing;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** Collects a runtime's connection log lines ({@code RuntimeOptions.connectionLog}) so that tests can wait for one. */
public final class LogLines implements Consumer<String> {
  private final List<String> lines = new CopyOnWriteArrayList<>();

  @Override
  public void accept(String line) {
    lines.add(line);
  }

  public List<String> lines() {
    return List.copyOf(lines);
  }

  /** Waits for a line containing every one of {@code parts}, and returns it. */
  public String await(String... parts) {
    Predicate<String> all = l -> java.util.Arrays.stream(parts).allMatch(l::contains);
    Eventually.await("a connection log line containing " + List.of(parts) + "; lines so far:\n" + String.join("\n", lines),
        Duration.ofSeconds(10), () -> lines.stream().anyMatch(all));
    return lines.stream().filter(all).findFirst().orElseThrow();
  }

  public void clear() {
    lines.clear();
  }
}
