package dev.tproxy.runtime.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One client connection told from the client's side, so that proxies can be compared by how a
 * connection went and not only by where it went: the client sends a first flight, reads the
 * first line that comes back, then, when that line is a {@link TestBackend#announceAndEcho}
 * backend's, the echo of the flight; then it ends its own output (FIN) and waits for the peer to
 * end. {@link NetnsAgent}'s {@code exchange} and {@code exchanges} commands answer with
 * {@link #toLine()}; {@link #parse(String)} reads it back.
 *
 * @param local the client's own address, {@code IP:PORT} ({@code -} when it never connected)
 * @param answered whether any byte came back before the end
 * @param firstLine the first line that came back, without its newline, bytes outside printable
 *     ASCII as {@code \xNN} (a carriage return stays visible: {@code \x0d}); empty when none
 * @param echo whether the flight came back as sent
 * @param end how the connection ended
 * @param bytesAfter bytes that came after the answer (and the echo), until the end
 */
public record Exchange(String local, boolean answered, String firstLine, Echo echo, End end, long bytesAfter) {
  /** How long the client waits for the first byte: longer than any probe timeout in a test topology. */
  static final int ANSWER_TIMEOUT_MILLIS = 12_000;
  /** How long the client waits for the peer's end once it has ended its own output. */
  static final int END_TIMEOUT_MILLIS = 8_000;

  private static final Pattern LINE = Pattern.compile(
      "local=(\\S+) answered=(true|false) echo=(\\w+) end=(\\w+) after=(\\d+) first=(.*)");

  /** How the connection ended, as the client saw it. */
  public enum End {
    /** The peer ended its data (FIN). */
    EOF,
    /** The connection was reset. */
    RESET,
    /** Nothing more came within the client's patience (the connect's, the answer's or the end's). */
    TIMEOUT,
    /** The connect was refused. */
    REFUSED
  }

  /** Whether the first flight came back. */
  public enum Echo {
    /** Every byte of it came back, unchanged. */
    INTACT,
    /** As many bytes came back, but other ones. */
    CHANGED,
    /** The connection ended before all of it came back. */
    CUT,
    /** No echo was due: the answer was not an echoing backend's, or nothing was sent. */
    NONE
  }

  /** The first line came from a {@link TestBackend#announceAndEcho} backend: {@code BACKEND NAME peer=IP:PORT}. */
  public boolean fromEchoBackend() {
    return firstLine.startsWith("BACKEND ");
  }

  /** One line, for the agent's answer. */
  public String toLine() {
    return "local=" + local + " answered=" + answered + " echo=" + echo + " end=" + end + " after=" + bytesAfter
        + " first=" + firstLine;
  }

  /** Reads {@link #toLine()} back. */
  public static Exchange parse(String line) {
    Matcher m = LINE.matcher(line);
    if (!m.matches()) {
      throw new IllegalArgumentException("not an exchange: " + line);
    }
    return new Exchange(m.group(1), Boolean.parseBoolean(m.group(2)), m.group(6), Echo.valueOf(m.group(3)),
        End.valueOf(m.group(4)), Long.parseLong(m.group(5)));
  }

  /** Connects to {@code to}, sends {@code flight} (nothing when empty) and follows the connection to its end. */
  public static Exchange run(byte[] flight, InetSocketAddress to) {
    try (Socket s = new Socket()) {
      try {
        s.connect(to, 5000);
      } catch (ConnectException e) {
        return new Exchange("-", false, "", Echo.NONE, End.REFUSED, 0);
      } catch (SocketTimeoutException e) {
        return new Exchange("-", false, "", Echo.NONE, End.TIMEOUT, 0);
      }
      String local = s.getLocalAddress().getHostAddress() + ":" + s.getLocalPort();
      return follow(s, local, flight);
    } catch (IOException e) {
      // only close() is left to throw here
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static Exchange follow(Socket s, String local, byte[] flight) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    InputStream in = s.getInputStream();
    try {
      s.setSoTimeout(ANSWER_TIMEOUT_MILLIS);
      if (flight.length > 0) {
        s.getOutputStream().write(flight);
        s.getOutputStream().flush();
      }
      int b;
      while ((b = in.read()) >= 0 && b != '\n') {
        line.write(b);
      }
      if (b < 0) {
        return new Exchange(local, line.size() > 0, printable(line.toByteArray()), Echo.NONE, End.EOF, 0);
      }
    } catch (SocketTimeoutException e) {
      return new Exchange(local, line.size() > 0, printable(line.toByteArray()), Echo.NONE, End.TIMEOUT, 0);
    } catch (SocketException e) {
      return new Exchange(local, line.size() > 0, printable(line.toByteArray()), Echo.NONE, End.RESET, 0);
    }
    String first = printable(line.toByteArray());
    Echo echo = Echo.NONE;
    try {
      if (first.startsWith("BACKEND ") && flight.length > 0) {
        byte[] back = in.readNBytes(flight.length);
        echo = back.length < flight.length ? Echo.CUT : Arrays.equals(back, flight) ? Echo.INTACT : Echo.CHANGED;
        if (echo == Echo.CUT) {
          return new Exchange(local, true, first, echo, End.EOF, 0);
        }
      }
      s.shutdownOutput();
      s.setSoTimeout(END_TIMEOUT_MILLIS);
      long after = 0;
      byte[] buf = new byte[8192];
      try {
        int n;
        while ((n = in.read(buf)) >= 0) {
          after += n;
        }
        return new Exchange(local, true, first, echo, End.EOF, after);
      } catch (SocketTimeoutException e) {
        return new Exchange(local, true, first, echo, End.TIMEOUT, after);
      } catch (SocketException e) {
        return new Exchange(local, true, first, echo, End.RESET, after);
      }
    } catch (SocketTimeoutException e) {
      return new Exchange(local, true, first, echo == Echo.NONE ? Echo.CUT : echo, End.TIMEOUT, 0);
    } catch (SocketException e) {
      return new Exchange(local, true, first, echo == Echo.NONE ? Echo.CUT : echo, End.RESET, 0);
    }
  }

  /** Printable ASCII as it is, every other byte as {@code \xNN}. */
  static String printable(byte[] bytes) {
    StringBuilder out = new StringBuilder();
    for (byte b : bytes) {
      int c = b & 0xff;
      if (c >= 0x20 && c < 0x7f && c != '\\') {
        out.append((char) c);
      } else {
        out.append(String.format("\\x%02x", c));
      }
    }
    return out.toString();
  }

  /** {@code hello:NAME} (a JDK ClientHello naming NAME, {@code hello:-} none) or a {@link FirstFlight}'s name. */
  public static byte[] flight(String spec) {
    if (spec.startsWith("hello:")) {
      String name = spec.substring("hello:".length());
      return ClientHellos.jdk(name.equals("-") ? null : name);
    }
    return FirstFlight.valueOf(spec).bytes();
  }
}
