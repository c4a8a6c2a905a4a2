package dev.tproxy.runtime.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A backend for tests, on plain blocking sockets (so that it shares nothing with the runtime
 * under test): listens on an ephemeral port, runs a {@link Behaviour} per connection and records
 * what each connection saw. Usable as a JUnit extension or on its own ({@link #start()}, {@link
 * #close()}).
 */
public final class TestBackend implements AutoCloseable, BeforeAllCallback, AfterAllCallback {

  /** What the backend does with one connection. */
  @FunctionalInterface
  public interface Behaviour {
    void serve(Socket socket, Connection connection) throws IOException;
  }

  /** What one connection to the backend looked like. */
  public static final class Connection {
    private final InetSocketAddress peer;
    private final InetSocketAddress local;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private final AtomicLong sent = new AtomicLong();
    private final CompletableFuture<Void> ended = new CompletableFuture<>();

    Connection(Socket s) {
      this.peer = (InetSocketAddress) s.getRemoteSocketAddress();
      this.local = (InetSocketAddress) s.getLocalSocketAddress();
    }

    public InetSocketAddress peer() {
      return peer;
    }

    public InetSocketAddress local() {
      return local;
    }

    public synchronized byte[] received() {
      return received.toByteArray();
    }

    public synchronized void receive(byte[] b, int n) {
      received.write(b, 0, n);
    }

    public long sent() {
      return sent.get();
    }

    public void addSent(long n) {
      sent.addAndGet(n);
    }

    /** Completes when the backend is done with the connection. */
    public CompletableFuture<Void> ended() {
      return ended;
    }
  }

  private final String name;
  private final InetAddress bindAddress;
  private final int port;
  private final Behaviour behaviour;
  private final List<Connection> connections = new CopyOnWriteArrayList<>();
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private ServerSocket server;
  private ExecutorService threads;

  public TestBackend(String name, Behaviour behaviour) {
    this(name, InetAddress.getLoopbackAddress(), behaviour);
  }

  public TestBackend(String name, InetAddress bindAddress, Behaviour behaviour) {
    this(name, bindAddress, behaviour, 0);
  }

  /** On a fixed port: only inside a network namespace of the test's own, where nobody else listens. */
  public TestBackend(String name, InetAddress bindAddress, Behaviour behaviour, int port) {
    this.name = name;
    this.bindAddress = bindAddress;
    this.behaviour = behaviour;
    this.port = port;
  }

  /** Echoes every byte back. */
  public static Behaviour echo() {
    return (s, c) -> {
      InputStream in = s.getInputStream();
      OutputStream out = s.getOutputStream();
      byte[] buf = new byte[16384];
      int n;
      while ((n = in.read(buf)) > 0) {
        c.receive(buf, n);
        out.write(buf, 0, n);
        c.addSent(n);
      }
    };
  }

  /** First writes {@code BACKEND <name> peer=<ip>:<port>} and a newline, then echoes. */
  public static Behaviour announceAndEcho(String name) {
    Behaviour echo = echo();
    return (s, c) -> {
      byte[] line = ("BACKEND " + name + " peer=" + c.peer().getAddress().getHostAddress() + ":" + c.peer().getPort()
          + "\n").getBytes(StandardCharsets.US_ASCII);
      s.getOutputStream().write(line);
      c.addSent(line.length);
      echo.serve(s, c);
    };
  }

  /** Reads until the client's end of data, then answers {@code got <n> bytes} and closes. */
  public static Behaviour replyAtEndOfInput() {
    return (s, c) -> {
      InputStream in = s.getInputStream();
      byte[] buf = new byte[16384];
      long total = 0;
      int n;
      while ((n = in.read(buf)) > 0) {
        c.receive(buf, n);
        total += n;
      }
      byte[] reply = ("got " + total + " bytes").getBytes(StandardCharsets.US_ASCII);
      s.getOutputStream().write(reply);
      c.addSent(reply.length);
    };
  }

  /** Accepts and reads, never writes. */
  public static Behaviour silent() {
    return (s, c) -> {
      InputStream in = s.getInputStream();
      byte[] buf = new byte[4096];
      int n;
      while ((n = in.read(buf)) > 0) {
        c.receive(buf, n);
      }
    };
  }

  /**
   * Writes {@code total} bytes of a known pattern ({@code i % 251}) as fast as the socket takes
   * them, then waits for the peer to close (it does not end its own output, so that no end of
   * input makes the runtime drain a socket early).
   */
  public static Behaviour blast(long total) {
    return (s, c) -> {
      OutputStream out = s.getOutputStream();
      byte[] chunk = new byte[8192];
      long written = 0;
      while (written < total) {
        int n = (int) Math.min(chunk.length, total - written);
        for (int i = 0; i < n; i++) {
          chunk[i] = (byte) ((written + i) % 251);
        }
        out.write(chunk, 0, n);
        written += n;
        c.addSent(n);
      }
      s.getInputStream().read();
    };
  }

  public TestBackend start() {
    try {
      server = new ServerSocket();
      server.setReuseAddress(true);
      server.bind(new InetSocketAddress(bindAddress, port), 50);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    threads = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "backend-" + name);
      t.setDaemon(true);
      return t;
    });
    threads.execute(this::acceptLoop);
    return this;
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      Socket s;
      try {
        s = server.accept();
      } catch (IOException e) {
        return;
      }
      sockets.add(s);
      Connection c = new Connection(s);
      connections.add(c);
      threads.execute(() -> {
        try (s) {
          behaviour.serve(s, c);
        } catch (SocketException e) {
          // the peer went away; what it sent is recorded
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        } finally {
          c.ended().complete(null);
        }
      });
    }
  }

  public String name() {
    return name;
  }

  /** {@code 127.0.0.1:port}, as a topology writes a backend address. */
  public String addressText() {
    InetSocketAddress a = address();
    return a.getAddress().getHostAddress() + ":" + a.getPort();
  }

  public InetSocketAddress address() {
    return (InetSocketAddress) server.getLocalSocketAddress();
  }

  public List<Connection> connections() {
    return List.copyOf(connections);
  }

  /** Waits until {@code count} connections were accepted. */
  public List<Connection> awaitConnections(int count, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (connections.size() < count) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("backend " + name + " got " + connections.size() + " connection(s), expected " + count);
      }
      sleep(5);
    }
    return connections();
  }

  public static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    try {
      if (server != null) {
        server.close();
      }
      for (Socket s : sockets) {
        s.close();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      if (threads != null) {
        threads.shutdownNow();
        try {
          threads.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }
}
