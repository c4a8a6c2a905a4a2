package dev.tproxy.runtime.soak;

import dev.tproxy.runtime.testing.ClientHellos;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * What one soak client does, step by step, and where it should end up. {@code expected} is the
 * first line the client must read (the backend's name); {@link #SAME_EVERY_TIME} where the
 * outcome is only required to be the same every time (malformed input whose route is the
 * runtime's choice); {@link #ANY} where timing decides (the client leaves, or half-closes towards
 * a front that then closes the pair): such a connection only has to end within the bound.
 */
record Scenario(String name, List<Step> steps, String expected) {
  static final String SAME_EVERY_TIME = "(same every time)";
  static final String ANY = "(any)";

  sealed interface Step permits Send, Pause, HalfClose, Close {}

  record Send(byte[] bytes) implements Step {}

  record Pause(int millis) implements Step {}

  record HalfClose() implements Step {}

  record Close() implements Step {}

  boolean halfCloses() {
    return steps.stream().anyMatch(s -> s instanceof HalfClose);
  }

  /** The same steps towards a front where timing decides the outcome. */
  Scenario withoutAnswer(String where) {
    return new Scenario(name + "@" + where, steps, ANY);
  }

  Scenario at(String where) {
    return new Scenario(name + "@" + where, steps, expected);
  }

  private static final byte[] SSH = ascii("SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n");
  private static final byte[] HTTP = ascii("GET /index.html HTTP/1.1\r\nHost: soak.test\r\n\r\n");
  private static final byte[] HELLO_A = ClientHellos.jdk("a.test", "h2");
  private static final byte[] HELLO_OTHER = ClientHellos.jdk("other.test");
  private static final byte[] GARBAGE = ascii("\u0001\u0002 not a protocol anybody speaks \u007f\u0003 0123456789abcdef");

  static List<Scenario> all() {
    return List.of(
        new Scenario("ssh", List.of(new Send(SSH)), "ssh"),
        new Scenario("http", List.of(new Send(HTTP)), "http"),
        new Scenario("http-fragmented", List.of(new Send(slice(HTTP, 0, 2)), new Pause(2), new Send(slice(HTTP, 2, HTTP.length))), "http"),
        new Scenario("tls-sni-a", List.of(new Send(HELLO_A)), "tls-a"),
        new Scenario("tls-sni-other", List.of(new Send(HELLO_OTHER)), "tls-default"),
        new Scenario("tls-fragmented", List.of(new Send(slice(HELLO_A, 0, 3)), new Pause(1),
            new Send(slice(HELLO_A, 3, 60)), new Pause(1), new Send(slice(HELLO_A, 60, HELLO_A.length))), "tls-a"),
        new Scenario("ssh-half-closed", List.of(new Send(SSH), new HalfClose()), "ssh"),
        new Scenario("tls-half-closed", List.of(new Send(HELLO_A), new HalfClose()), "tls-a"),
        new Scenario("garbage", List.of(new Send(GARBAGE)), "any"),
        new Scenario("garbage-half-closed", List.of(new Send(GARBAGE), new HalfClose()), "any"),
        new Scenario("tls-garbage-body", List.of(new Send(tlsRecordWithGarbage())), SAME_EVERY_TIME),
        new Scenario("tls-truncated-half-closed", List.of(new Send(slice(HELLO_A, 0, 40)), new HalfClose()), SAME_EVERY_TIME),
        new Scenario("empty-half-closed", List.of(new HalfClose()), SAME_EVERY_TIME),
        new Scenario("ssh-abandoned", List.of(new Send(SSH), new Close()), ANY),
        new Scenario("tls-abandoned-midway", List.of(new Send(slice(HELLO_A, 0, 60)), new Close()), ANY),
        new Scenario("silent", List.of(), "timeout"));
  }

  /** A TLS handshake record header followed by bytes that are no ClientHello. */
  private static byte[] tlsRecordWithGarbage() {
    byte[] body = ascii("this is not a client hello, though the record header says it is one");
    byte[] b = new byte[5 + body.length];
    b[0] = 0x16;
    b[1] = 0x03;
    b[2] = 0x01;
    b[3] = (byte) (body.length >> 8);
    b[4] = (byte) body.length;
    System.arraycopy(body, 0, b, 5, body.length);
    return b;
  }

  private static byte[] slice(byte[] b, int from, int to) {
    return Arrays.copyOfRange(b, from, to);
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }
}
