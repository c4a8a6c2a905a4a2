package dev.tproxy.it.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.HexFormat;

/**
 * A client that connects, sends a few bytes or none, then nothing more, and waits for the server
 * to end the connection: how it ended (end of data, a reset, or still open when the client gave
 * up), when (counted from the connect, where the servers' timers start), and what the server
 * sent before. For setting a timeout of nginx and of the runtime side by side.
 */
public final class StalledClient {
  private StalledClient() {}

  /** How the connection ended, seen from the client. */
  public enum Ending {
    /** The server closed: end of data (FIN). */
    END_OF_DATA,
    /** The server reset the connection (RST), e.g. closing with bytes it had not read. */
    RESET,
    /** Nothing ended it before the client gave up. */
    STILL_OPEN
  }

  /**
   * @param after from the connect to the end (or to when the client gave up)
   * @param received what the server sent before the end
   */
  public record Result(Ending ending, Duration after, byte[] received) {
    public boolean closedByServer() {
      return ending != Ending.STILL_OPEN;
    }

    /** The ending and what came before it, without the time. */
    public String how() {
      return ending + (received.length == 0 ? ", nothing received"
          : ", " + received.length + " bytes received (" + HexFormat.ofDelimiter(" ").formatHex(received, 0,
              Math.min(received.length, 16)) + (received.length > 16 ? " ..." : "") + ")");
    }

    @Override
    public String toString() {
      return how() + " after " + after.toMillis() + " ms";
    }
  }

  /** Connects to {@code to}, sends {@code first} (may be empty), then waits at most {@code giveUp} for the end. */
  public static Result stall(InetSocketAddress to, byte[] first, Duration giveUp) {
    try (Socket s = new Socket()) {
      s.connect(to, 5000);
      long start = System.nanoTime();
      if (first.length > 0) {
        s.getOutputStream().write(first);
        s.getOutputStream().flush();
      }
      InputStream in = s.getInputStream();
      ByteArrayOutputStream got = new ByteArrayOutputStream();
      byte[] buf = new byte[4096];
      long deadline = start + giveUp.toNanos();
      while (true) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return new Result(Ending.STILL_OPEN, since(start), got.toByteArray());
        }
        s.setSoTimeout((int) Math.max(1, left / 1_000_000));
        int n;
        try {
          n = in.read(buf);
        } catch (SocketTimeoutException e) {
          return new Result(Ending.STILL_OPEN, since(start), got.toByteArray());
        } catch (SocketException e) {
          // "Connection reset": the only way a read on an open socket fails here.
          return new Result(Ending.RESET, since(start), got.toByteArray());
        }
        if (n < 0) {
          return new Result(Ending.END_OF_DATA, since(start), got.toByteArray());
        }
        got.write(buf, 0, n);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("connecting to " + to, e);
    }
  }

  private static Duration since(long start) {
    return Duration.ofNanos(System.nanoTime() - start);
  }
}
