package dev.tproxy.tasks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Calls back when a topology file changes: its modification time, size or identity (an editor
 * or a deployment that replaces the file by rename, a symlink switched to another file). Polling,
 * as the runtime's certificate watcher does, because inotify misses symlink swaps and bind
 * mounts; a few stat calls per interval. One daemon thread, stopped by {@link #close()}.
 */
final class TopologyFileWatcher implements AutoCloseable {
  private final ScheduledExecutorService thread;

  private TopologyFileWatcher(ScheduledExecutorService thread) {
    this.thread = thread;
  }

  /** Watches {@code file} every {@code interval}; {@code changed} runs on the watcher's thread. */
  static TopologyFileWatcher start(Path file, Duration interval, Runnable changed) {
    ScheduledExecutorService t = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread th = new Thread(r, "tproxy-topology-watcher");
      th.setDaemon(true);
      return th;
    });
    Stamp[] last = {Stamp.of(file)};
    long millis = Math.max(1, interval.toMillis());
    t.scheduleWithFixedDelay(() -> {
      Stamp now = Stamp.of(file);
      if (!now.equals(last[0])) {
        last[0] = now;
        // A half-written file is read again at the next change; the runtime refuses an invalid one.
        changed.run();
      }
    }, millis, millis, TimeUnit.MILLISECONDS);
    return new TopologyFileWatcher(t);
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }

  /** What tells one version of a file from the next; a missing file has a stamp of its own. */
  private record Stamp(Object key, long modified, long size) {
    static Stamp of(Path file) {
      try {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
        return new Stamp(Objects.requireNonNullElse(a.fileKey(), ""), a.lastModifiedTime().toMillis(), a.size());
      } catch (IOException e) {
        return new Stamp("missing", -1, -1);
      }
    }
  }
}
