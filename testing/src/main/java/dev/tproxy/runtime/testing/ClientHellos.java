package dev.tproxy.runtime.testing;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLParameters;

/**
 * Real TLS first flights for tests: produced by the JDK's own TLS client ({@link SSLEngine}), taken
 * from sslh's test suite, or rebuilt with a server name no real client would send.
 */
public final class ClientHellos {
  private ClientHellos() {}

  /** The first bytes a JDK TLS client sends, with this SNI (null: none) and ALPN protocols. */
  public static byte[] jdk(String serverName, String... alpn) {
    return jdk(null, serverName, alpn);
  }

  /**
   * The first bytes a JDK TLS client that offers TLS 1.2 only sends, with this SNI: the server's
   * answer to it, and any alert, are in the clear.
   */
  public static byte[] jdkTls12(String serverName) {
    return jdk(new String[] {"TLSv1.2"}, serverName);
  }

  private static byte[] jdk(String[] protocols, String serverName, String... alpn) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, null, null);
      SSLEngine engine = context.createSSLEngine();
      engine.setUseClientMode(true);
      SSLParameters params = engine.getSSLParameters();
      if (protocols != null) {
        params.setProtocols(protocols);
      }
      params.setServerNames(serverName == null ? List.of() : List.<SNIServerName>of(new SNIHostName(serverName)));
      params.setApplicationProtocols(alpn);
      engine.setSSLParameters(params);
      ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
      SSLEngineResult result = engine.wrap(ByteBuffer.allocate(0), out);
      if (result.bytesProduced() == 0) {
        throw new IllegalStateException("the engine produced no ClientHello");
      }
      out.flip();
      byte[] bytes = new byte[out.remaining()];
      out.get(bytes);
      return bytes;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The same handshake message fragmented over two TLS records, the first carrying
   * {@code firstPayload} bytes of it (RFC 8446 §5.1 allows any split).
   */
  public static byte[] twoRecords(byte[] singleRecordHello, int firstPayload) {
    int length = ((singleRecordHello[3] & 0xff) << 8) | (singleRecordHello[4] & 0xff);
    byte[] message = Arrays.copyOfRange(singleRecordHello, 5, 5 + length);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    record(out, singleRecordHello, Arrays.copyOfRange(message, 0, firstPayload));
    record(out, singleRecordHello, Arrays.copyOfRange(message, firstPayload, message.length));
    out.write(singleRecordHello, 5 + length, singleRecordHello.length - 5 - length);
    return out.toByteArray();
  }

  private static void record(ByteArrayOutputStream out, byte[] template, byte[] payload) {
    out.write(0x16);
    out.write(template[1]);
    out.write(template[2]);
    out.write(payload.length >> 8);
    out.write(payload.length & 0xff);
    out.write(payload, 0, payload.length);
  }

  /**
   * A minimal TLS 1.2 ClientHello whose SNI host_name is exactly {@code hostName} (any bytes:
   * NUL, 300 bytes, empty) and with these ALPN protocols; {@code null} leaves the SNI extension
   * out.
   */
  public static byte[] withRawServerName(byte[] hostName, String... alpn) {
    ByteArrayOutputStream ext = new ByteArrayOutputStream();
    if (hostName != null) {
      ByteArrayOutputStream sni = new ByteArrayOutputStream();
      u16(sni, hostName.length + 3);
      sni.write(0);
      u16(sni, hostName.length);
      sni.write(hostName, 0, hostName.length);
      extension(ext, 0, sni.toByteArray());
    }
    if (alpn.length > 0) {
      ByteArrayOutputStream list = new ByteArrayOutputStream();
      for (String p : alpn) {
        byte[] b = p.getBytes(StandardCharsets.US_ASCII);
        list.write(b.length);
        list.write(b, 0, b.length);
      }
      ByteArrayOutputStream a = new ByteArrayOutputStream();
      u16(a, list.size());
      a.write(list.toByteArray(), 0, list.size());
      extension(ext, 16, a.toByteArray());
    }
    return helloWithExtensions(ext.toByteArray());
  }

  /** A TLS 1.2 ClientHello carrying exactly these extension bytes (type, length, data ...). */
  public static byte[] helloWithExtensions(byte[] extensions) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(3);
    body.write(3);
    body.write(new byte[32], 0, 32); // random
    body.write(0); // session id
    u16(body, 2);
    body.write(0xc0);
    body.write(0x2f); // TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
    body.write(1);
    body.write(0); // null compression
    u16(body, extensions.length);
    body.write(extensions, 0, extensions.length);
    byte[] b = body.toByteArray();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0x16);
    out.write(3);
    out.write(1);
    u16(out, b.length + 4);
    out.write(1);
    out.write(b.length >> 16);
    u16(out, b.length & 0xffff);
    out.write(b, 0, b.length);
    return out.toByteArray();
  }

  private static void extension(ByteArrayOutputStream out, int type, byte[] data) {
    u16(out, type);
    u16(out, data.length);
    out.write(data, 0, data.length);
  }

  private static void u16(ByteArrayOutputStream out, int v) {
    out.write((v >> 8) & 0xff);
    out.write(v & 0xff);
  }

  /** Splits {@code bytes} into chunks of {@code size} (the last may be shorter). */
  public static List<byte[]> chunks(byte[] bytes, int size) {
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i < bytes.length; i += size) {
      out.add(Arrays.copyOfRange(bytes, i, Math.min(bytes.length, i + size)));
    }
    return out;
  }
}
