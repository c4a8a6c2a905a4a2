package dev.tproxy.tasks.observe;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tproxy.model.SocketEndpoint;
import dev.tproxy.runtime.TproxyRuntime;
import dev.tproxy.runtime.metrics.TproxyMetrics;
import dev.tproxy.tasks.TaskException;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * {@code run}'s Prometheus endpoint: {@code GET /metrics} answers with the runtime's meters
 * ({@link TproxyMetrics}) and a few of the JVM's (memory, GC, threads, CPU, open files,
 * uptime) in Prometheus' text format, from the JDK's own HTTP server on one thread of its own.
 * {@link #open} binds the port before the runtime starts, so that a taken port fails the run
 * early; {@link #serve} starts answering.
 */
public final class MetricsEndpoint implements AutoCloseable {
  /** Prometheus' text exposition format, which every Prometheus since 2.0 reads. */
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final HttpServer server;
  private final ExecutorService thread;
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private JvmGcMetrics gc;
  private TproxyMetrics tproxy;
  private boolean closed;

  private MetricsEndpoint(HttpServer server, ExecutorService thread) {
    this.server = server;
    this.thread = thread;
  }

  /** Binds {@code address}; nothing is answered before {@link #serve}. */
  public static MetricsEndpoint open(MetricsAddress address) throws TaskException {
    HttpServer server;
    try {
      server = HttpServer.create(address.address(), 0);
    } catch (IOException | RuntimeException e) {
      throw TaskException.user(address.option() + ": cannot serve metrics on "
          + SocketEndpoint.of(address.address()) + ": " + e.getMessage());
    }
    ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "tproxy-metrics");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(thread);
    return new MetricsEndpoint(server, thread);
  }

  /** Where it listens (the port resolved, if 0 was asked for). */
  public InetSocketAddress address() {
    return server.getAddress();
  }

  /** Binds the runtime's meters and the JVM's, and starts answering. */
  public void serve(TproxyRuntime runtime) {
    new JvmMemoryMetrics().bindTo(registry);
    gc = new JvmGcMetrics();
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    tproxy = new TproxyMetrics(runtime);
    tproxy.bindTo(registry);
    server.createContext("/metrics", this::metrics);
    server.createContext("/", MetricsEndpoint::notFound);
    server.start();
  }

  private void metrics(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      if (!method.equals("GET") && !method.equals("HEAD")) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
      if (method.equals("HEAD")) {
        exchange.sendResponseHeaders(200, -1);
        return;
      }
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  private static void notFound(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = "not found: the metrics are at /metrics\n".getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
      exchange.sendResponseHeaders(404, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  /** Stops answering and releases the port, the thread and the meters. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    server.stop(0);
    thread.shutdownNow();
    if (tproxy != null) {
      tproxy.close();
    }
    if (gc != null) {
      gc.close();
    }
    registry.close();
  }
}
