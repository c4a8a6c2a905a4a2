package dev.tproxy.runtime.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

/** A blocking test client with a read timeout, so that a broken runtime fails a test instead of hanging it. */
public final class TestClient implements AutoCloseable {
  private final Socket socket;

  private TestClient(Socket socket) {
    this.socket = socket;
  }

  public static TestClient connect(InetSocketAddress address) {
    try {
      Socket s = new Socket();
      s.setSoTimeout(10_000);
      s.setTcpNoDelay(true);
      s.connect(address, 5_000);
      return new TestClient(s);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Socket socket() {
    return socket;
  }

  public TestClient readTimeout(int millis) {
    try {
      socket.setSoTimeout(millis);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  public TestClient send(byte[] bytes) {
    try {
      socket.getOutputStream().write(bytes);
      socket.getOutputStream().flush();
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public TestClient send(String ascii) {
    return send(ascii.getBytes(StandardCharsets.ISO_8859_1));
  }

  /** Sends {@code bytes} in pieces of {@code size}, pausing between them, as a slow or fragmenting client would. */
  public TestClient sendInPieces(byte[] bytes, int size, long pauseMillis) {
    for (byte[] piece : ClientHellos.chunks(bytes, size)) {
      send(piece);
      TestBackend.sleep(pauseMillis);
    }
    return this;
  }

  /** Shuts down the sending side (FIN), keeping the receiving side open. */
  public TestClient endOutput() {
    try {
      socket.shutdownOutput();
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads exactly {@code n} bytes, failing if the connection ends first. */
  public byte[] read(int n) {
    try {
      byte[] out = socket.getInputStream().readNBytes(n);
      if (out.length < n) {
        throw new AssertionError("the connection ended after " + out.length + " of " + n + " bytes: "
            + new String(out, StandardCharsets.ISO_8859_1));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads one line (without its newline). */
  public String readLine() {
    try {
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      int b;
      while ((b = in.read()) >= 0 && b != '\n') {
        line.write(b);
      }
      if (b < 0 && line.size() == 0) {
        throw new AssertionError("the connection ended before a line");
      }
      return line.toString(StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads until the peer ends its data; fails on the read timeout. */
  public byte[] readToEnd() {
    try {
      return socket.getInputStream().readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Whether the peer has closed: true on end of data or reset, false when nothing arrives within
   * {@code millis}. Data that does arrive fails the check.
   */
  public boolean isClosedByPeer(int millis) {
    try {
      socket.setSoTimeout(millis);
      byte[] buf = new byte[256];
      int n = socket.getInputStream().read(buf);
      if (n > 0) {
        throw new AssertionError("expected the connection to be closed, got data: "
            + new String(Arrays.copyOf(buf, n), StandardCharsets.ISO_8859_1));
      }
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true; // reset
    }
  }

  /** How long until the peer closed, at most {@code maxMillis}; fails if it did not close by then. */
  public Duration timeUntilClosedByPeer(int maxMillis) {
    long start = System.nanoTime();
    if (!isClosedByPeer(maxMillis)) {
      throw new AssertionError("the connection was still open after " + maxMillis + " ms");
    }
    return Duration.ofNanos(System.nanoTime() - start);
  }

  public InetSocketAddress localAddress() {
    return (InetSocketAddress) socket.getLocalSocketAddress();
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
