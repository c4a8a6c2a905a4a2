package dev.tproxy.bench.faults;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * A first flight a churning client sends, and the backend a demultiplexer should pick for it.
 * Plain relays send every flight to the one answering backend.
 */
record Flight(String name, List<byte[]> pieces, int pauseMillis, boolean halfClose, String demuxRoute) {

  void send(Socket s) throws IOException, InterruptedException {
    OutputStream out = s.getOutputStream();
    for (int i = 0; i < pieces.size(); i++) {
      if (i > 0) {
        Thread.sleep(pauseMillis);
      }
      out.write(pieces.get(i));
      out.flush();
    }
    if (halfClose) {
      s.shutdownOutput();
    }
  }

  static List<Flight> all() {
    byte[] http = "GET / HTTP/1.1\r\nHost: fault.test\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    byte[] ssh = "SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n".getBytes(StandardCharsets.US_ASCII);
    byte[] garbage = new byte[48];
    new Random(7).nextBytes(garbage);
    garbage[0] = 0x01; // not a TLS record, not printable: only anyprot takes it
    return List.of(
        new Flight("http", List.of(http), 0, false, "http"),
        new Flight("http-fragmented", List.of(slice(http, 0, 3), slice(http, 3, 9), slice(http, 9, http.length)), 15, false, "http"),
        new Flight("http-half-closed", List.of(http), 0, true, "http"),
        new Flight("ssh", List.of(ssh), 0, false, "ssh"),
        new Flight("tls", List.of(clientHello()), 0, false, "tls"),
        new Flight("malformed", List.of(garbage), 0, false, "any"));
  }

  private static byte[] slice(byte[] b, int from, int to) {
    return java.util.Arrays.copyOfRange(b, from, to);
  }

  /** A real ClientHello naming a.test, from the JDK's TLS engine. */
  private static byte[] clientHello() {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, null, null);
      SSLEngine engine = context.createSSLEngine("a.test", 443);
      engine.setUseClientMode(true);
      SSLParameters p = engine.getSSLParameters();
      p.setServerNames(List.of(new SNIHostName("a.test")));
      engine.setSSLParameters(p);
      ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
      engine.wrap(ByteBuffer.allocate(0), out);
      out.flip();
      byte[] hello = new byte[out.remaining()];
      out.get(hello);
      return hello;
    } catch (Exception e) {
      throw new IllegalStateException("cannot build a ClientHello: " + e, e);
    }
  }
}
