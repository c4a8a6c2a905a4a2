package dev.tproxy.runtime.testing;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * Named first flights of real protocols, for comparing where a proxy sends them ({@link NetnsAgent}'s
 * {@code send} command).
 */
public enum FirstFlight {
  SSH("SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n"),
  HTTP("GET / HTTP/1.1\r\nHost: compare.test\r\n\r\n"),
  TLS_T1(ClientHellos.jdk("t1.example.test")),
  TLS_T1_UPPER_CASE(ClientHellos.jdk("T1.Example.TEST")),
  TLS_WILDCARD(ClientHellos.jdk("a.b.t2.example.test")),
  TLS_WILDCARD_APEX(ClientHellos.jdk("t2.example.test")),
  TLS_UNKNOWN_NAME(ClientHellos.jdk("unknown.example.test")),
  TLS_NO_SNI(ClientHellos.jdk(null)),
  TLS_NO_SNI_ALPN_H2(ClientHellos.jdk(null, "h2")),
  TLS_TWO_RECORDS(ClientHellos.twoRecords(ClientHellos.jdk("t1.example.test"), 40)),
  NOT_A_PROTOCOL("\u0000\u0001 this is no known protocol\n"),
  SILENT(new byte[0]);

  private final byte[] firstFlight;

  FirstFlight(String text) {
    this(text.getBytes(StandardCharsets.ISO_8859_1));
  }

  FirstFlight(byte[] bytes) {
    this.firstFlight = bytes;
  }

  /** The bytes of this first flight. */
  public byte[] bytes() {
    return firstFlight.clone();
  }

  /**
   * Sends this first flight to {@code to} and returns {@code local=IP:PORT} (the client's own
   * address) and the first line that comes back, {@code EOF} or {@code TIMEOUT}.
   */
  public String send(InetSocketAddress to) throws java.io.IOException {
    return send(firstFlight, to);
  }

  /** {@link #send(InetSocketAddress)} with any first flight. */
  public static String send(byte[] firstFlight, InetSocketAddress to) throws java.io.IOException {
    try (Socket s = new Socket()) {
      s.connect(to, 5000);
      s.setSoTimeout(12_000);
      String local = "local=" + s.getLocalAddress().getHostAddress() + ":" + s.getLocalPort() + " ";
      if (firstFlight.length > 0) {
        s.getOutputStream().write(firstFlight);
        s.getOutputStream().flush();
      }
      InputStream in = s.getInputStream();
      ByteArrayOutputStream got = new ByteArrayOutputStream();
      try {
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
          got.write(b);
        }
        if (b < 0 && got.size() == 0) {
          return local + "EOF";
        }
      } catch (SocketTimeoutException e) {
        return local + "TIMEOUT";
      }
      return local + got.toString(StandardCharsets.US_ASCII);
    }
  }
}
