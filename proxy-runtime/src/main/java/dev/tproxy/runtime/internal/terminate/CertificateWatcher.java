package dev.tproxy.runtime.internal.terminate;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks the certificate files of a runtime's tls-terminate services at a fixed interval and
 * reloads a service whose files changed (Let's Encrypt's renewals swap the links in {@code
 * live/}). Polling, not inotify: it follows symlink swaps, bind mounts and files replaced by
 * rename alike, and costs a few stat calls per interval. Its own thread, because reading files
 * and decrypting keys must not stall an event loop; one per runtime, stopped with it.
 */
public final class CertificateWatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger("dev.tproxy.runtime.tls");

  private final ScheduledExecutorService thread;

  private CertificateWatcher(ScheduledExecutorService thread) {
    this.thread = thread;
  }

  public static CertificateWatcher start(String runtime, List<TlsTerminator> terminators, Duration interval) {
    ScheduledExecutorService t = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread th = new Thread(r, "tproxy-" + runtime + "-certificates");
      th.setDaemon(true);
      return th;
    });
    long millis = Math.max(1, interval.toMillis());
    t.scheduleWithFixedDelay(() -> {
      for (TlsTerminator terminator : terminators) {
        try {
          terminator.reloadIfChanged();
        } catch (RuntimeException e) {
          LOG.warn("service \"{}\": checking the certificate files failed: {}", terminator.service(), e.toString());
        }
      }
    }, millis, millis, TimeUnit.MILLISECONDS);
    return new CertificateWatcher(t);
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}
