package dev.tproxy.runtime.testing;

import dev.tproxy.model.Topology;
import dev.tproxy.runtime.RuntimeOptions;
import dev.tproxy.runtime.ServiceCounters;
import dev.tproxy.runtime.TproxyRuntime;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts a topology for a test class, in the style of Armeria's {@code ServerExtension}: subclass
 * it where it is registered, give the topology (use port 0 for listeners: the runtime picks free
 * ports, {@link #address(String)} says which) and optionally adjust the options.
 *
 * <pre>{@code
 * @RegisterExtension @Order(1) static final TestBackend sshd = new TestBackend("sshd", TestBackend.echo());
 *
 * @RegisterExtension @Order(2)
 * static final TproxyExtension proxy = new TproxyExtension() {
 *   @Override protected Topology topology() {
 *     return Topology.builder("t").backend("sshd", sshd.addressText())
 *         .service(Service.builder("front").listen("127.0.0.1:0").forward("sshd")).build();
 *   }
 * };
 * }</pre>
 *
 * Registered on a static field it runs for the whole class; on an instance field, for each test.
 */
public abstract class TproxyExtension
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
  private final LogLines logs = new LogLines();
  private final ConnectionEvents events = new ConnectionEvents();
  private TproxyRuntime runtime;
  private boolean perClass;

  /** The topology to run; called once per start, after earlier extensions have started. */
  protected abstract Topology topology();

  /** Adjusts the options; by default the defaults, with a short drain so tests end quickly. */
  protected RuntimeOptions options(RuntimeOptions.Builder builder) {
    return builder.drainTimeout(java.time.Duration.ofMillis(200)).build();
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    perClass = true;
    start();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (runtime == null) {
      start();
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (!perClass) {
      stop();
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    stop();
  }

  /** Starts the runtime (again); the extension does it before the tests. */
  public void start() {
    if (runtime != null) {
      throw new IllegalStateException("already started");
    }
    runtime = TproxyRuntime.start(topology(), options(RuntimeOptions.builder().connectionLog(logs).connectionListener(events)));
  }

  /** Closes the runtime; the extension does it after the tests. */
  public void stop() {
    if (runtime != null) {
      try {
        runtime.close();
      } finally {
        runtime = null;
      }
    }
  }

  public TproxyRuntime runtime() {
    if (runtime == null) {
      throw new IllegalStateException("the runtime is not running");
    }
    return runtime;
  }

  /** Where {@code service} listens (its first listener). */
  public InetSocketAddress address(String service) {
    return runtime().boundAddress(service);
  }

  /** The connection log lines of the running runtime (and of earlier starts of this extension). */
  public LogLines logs() {
    return logs;
  }

  /** The connection events of the running runtime (and of earlier starts of this extension). */
  public ConnectionEvents events() {
    return events;
  }

  public ServiceCounters counters(String service) {
    return runtime().counters(service);
  }

  /** A connected client to {@code service}. */
  public TestClient connect(String service) {
    return TestClient.connect(address(service));
  }
}
