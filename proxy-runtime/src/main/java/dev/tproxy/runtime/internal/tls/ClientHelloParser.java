package dev.tproxy.runtime.internal.tls;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the server name and ALPN protocols of a TLS ClientHello from the first bytes of a
 * connection, without consuming them.
 *
 * <p>It is a pure function of the bytes received so far, so that a demux stage can run it again
 * on every chunk beside the other probes, as sslh does. Unlike sslh (tls.c parses the first
 * record only) and like nginx's ssl_preread and RFC 8446 §5.1, a ClientHello fragmented over
 * several handshake records is reassembled. Netty's {@code SslClientHelloHandler} also
 * reassembles, but it is a pipeline decoder that closes the channel on some inputs; a probe
 * needs an answer, never a side effect.
 *
 * <p>Malformed input never throws: every length is checked against what is there, and a
 * violation yields {@link ClientHello.Status#MALFORMED} with the reason.
 */
public final class ClientHelloParser {
  private static final int RECORD_HEADER = 5;
  private static final int HANDSHAKE = 0x16;
  private static final int CLIENT_HELLO = 1;
  private static final int EXT_SERVER_NAME = 0;
  private static final int EXT_ALPN = 16;
  /** RFC 1035 / RFC 6066: a DNS host name is at most 255 octets. */
  private static final int MAX_HOST_NAME = 255;

  private ClientHelloParser() {}

  /** Parses the readable bytes of {@code in}; its indexes are left as they are. */
  public static ClientHello parse(ByteBuf in) {
    int start = in.readerIndex();
    int end = in.writerIndex();
    if (end - start < RECORD_HEADER) {
      return ClientHello.NEED_MORE;
    }
    if (in.getUnsignedByte(start) != HANDSHAKE) {
      return ClientHello.notTls("the first byte is not a TLS handshake record");
    }
    if (in.getUnsignedByte(start + 1) != 3) {
      return ClientHello.notTls("record version " + in.getUnsignedByte(start + 1) + ".x is not SSL 3 / TLS");
    }
    List<int[]> fragments = new ArrayList<>(2); // {offset, length} of each record's payload
    int pos = start;
    int have = 0;
    int needed = -1; // the handshake message with its 4-byte header, once its length is known
    while (needed < 0 || have < needed) {
      if (end - pos < RECORD_HEADER) {
        return ClientHello.NEED_MORE;
      }
      if (in.getUnsignedByte(pos) != HANDSHAKE || in.getUnsignedByte(pos + 1) != 3) {
        return ClientHello.malformed("a record of another type interrupts the ClientHello");
      }
      int length = in.getUnsignedShort(pos + 3);
      if (length == 0) {
        // RFC 8446 §5.1 forbids empty handshake fragments; skipping them would let a client
        // pile up unbounded data before the hello.
        return ClientHello.malformed("an empty handshake record");
      }
      // A record longer than 2^14 (RFC 8446 §5.1) is waited for all the same, as sslh and nginx
      // wait for a whole record before reading it; the preread limit ends the wait.
      if (end - pos - RECORD_HEADER < length) {
        return ClientHello.NEED_MORE;
      }
      fragments.add(new int[] {pos + RECORD_HEADER, length});
      have += length;
      pos += RECORD_HEADER + length;
      if (fragments.size() == 1) {
        // The type is the message's first byte: once it is in, a record too short for the rest
        // of the header need not be waited on (sslh's tls.c looks at it in the first record).
        int type = in.getUnsignedByte(start + RECORD_HEADER);
        if (type != CLIENT_HELLO) {
          return ClientHello.malformed("the first handshake message is type " + type + ", not ClientHello");
        }
      }
      if (needed < 0 && have >= 4) {
        needed = 4 + ((byteAt(in, fragments, 1) << 16) | (byteAt(in, fragments, 2) << 8) | byteAt(in, fragments, 3));
      }
    }
    ByteBuf message = message(in, fragments, needed);
    try {
      return body(message, needed);
    } catch (Malformed e) {
      return ClientHello.malformed(e.getMessage());
    }
  }

  /** The handshake message as one buffer: a slice when it sits in one record (the usual case). */
  private static ByteBuf message(ByteBuf in, List<int[]> fragments, int needed) {
    int[] first = fragments.get(0);
    if (first[1] >= needed) {
      return in.slice(first[0], needed);
    }
    byte[] joined = new byte[needed];
    int at = 0;
    for (int[] f : fragments) {
      int n = Math.min(f[1], needed - at);
      in.getBytes(f[0], joined, at, n);
      at += n;
    }
    return Unpooled.wrappedBuffer(joined);
  }

  private static int byteAt(ByteBuf in, List<int[]> fragments, int index) {
    for (int[] f : fragments) {
      if (index < f[1]) {
        return in.getUnsignedByte(f[0] + index);
      }
      index -= f[1];
    }
    throw new IllegalStateException("index beyond the fragments");
  }

  private static ClientHello body(ByteBuf m, int limit) throws Malformed {
    Cursor c = new Cursor(m, 4, limit);
    c.skip(2, "client_version");
    c.skip(32, "random");
    int sessionId = c.u8("session_id length");
    if (sessionId > 32) {
      throw new Malformed("a session_id longer than 32 bytes");
    }
    c.skip(sessionId, "session_id");
    c.skip(c.u16("cipher_suites length"), "cipher_suites");
    c.skip(c.u8("compression_methods length"), "compression_methods");
    if (c.remaining() == 0) {
      // TLS 1.0-1.2 allow a ClientHello without extensions (RFC 5246 §7.4.1.2).
      return ClientHello.complete(Optional.empty(), "absent", List.of());
    }
    int extensionsLength = c.u16("extensions length");
    if (extensionsLength != c.remaining()) {
      throw new Malformed("the extensions do not fill the ClientHello exactly");
    }
    Sni sni = new Sni(Optional.empty(), "absent");
    List<String> alpn = List.of();
    boolean seenSni = false;
    boolean seenAlpn = false;
    while (c.remaining() > 0) {
      int type = c.u16("extension type");
      int length = c.u16("extension length");
      Cursor ext = c.sub(length, "extension data");
      if (type == EXT_SERVER_NAME) {
        if (seenSni) {
          throw new Malformed("two server_name extensions"); // RFC 8446 §4.2
        }
        seenSni = true;
        sni = serverName(ext);
      } else if (type == EXT_ALPN) {
        if (seenAlpn) {
          throw new Malformed("two ALPN extensions");
        }
        seenAlpn = true;
        alpn = alpn(ext);
      }
    }
    return ClientHello.complete(sni.name(), sni.note(), alpn);
  }

  private record Sni(Optional<String> name, String note) {}

  private static Sni serverName(Cursor ext) throws Malformed {
    if (ext.remaining() == 0) {
      return new Sni(Optional.empty(), "empty");
    }
    int listLength = ext.u16("server_name_list length");
    if (listLength != ext.remaining()) {
      throw new Malformed("the server_name list length does not match its extension");
    }
    Sni found = new Sni(Optional.empty(), "empty");
    boolean hostNameSeen = false;
    while (ext.remaining() > 0) {
      int nameType = ext.u8("server name type");
      int length = ext.u16("server name length");
      Cursor name = ext.sub(length, "server name");
      if (nameType == 0 && !hostNameSeen) {
        hostNameSeen = true;
        found = hostName(name);
      }
    }
    return found;
  }

  /** RFC 6066 §3: an ASCII DNS host name, no trailing dot; anything else is not a name. */
  private static Sni hostName(Cursor name) {
    int length = name.remaining();
    if (length == 0) {
      return new Sni(Optional.empty(), "empty");
    }
    if (length > MAX_HOST_NAME) {
      return new Sni(Optional.empty(), "longer than 255 bytes");
    }
    for (int i = 0; i < length; i++) {
      int b = name.peek(i);
      if (b == 0) {
        // sslh's fnmatch stops at the NUL, so "good.example\0.evil" would match "good.example".
        return new Sni(Optional.empty(), "contains a NUL byte");
      }
      if (!(b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '-' || b == '.' || b == '_')) {
        return new Sni(Optional.empty(), "contains byte 0x" + Integer.toHexString(b) + ", not a host name character");
      }
    }
    String host = name.string(length).toLowerCase(java.util.Locale.ROOT);
    if (host.endsWith(".")) {
      host = host.substring(0, host.length() - 1);
    }
    if (host.isEmpty() || host.startsWith(".") || host.contains("..")) {
      return new Sni(Optional.empty(), "has an empty label");
    }
    return new Sni(Optional.of(host), "");
  }

  private static List<String> alpn(Cursor ext) throws Malformed {
    int listLength = ext.u16("ALPN list length");
    if (listLength != ext.remaining() || listLength < 2) {
      throw new Malformed("the ALPN list length does not match its extension");
    }
    List<String> protocols = new ArrayList<>();
    while (ext.remaining() > 0) {
      int length = ext.u8("ALPN protocol length");
      if (length == 0) {
        throw new Malformed("an empty ALPN protocol name"); // RFC 7301 §3.1
      }
      protocols.add(ext.sub(length, "ALPN protocol").string(length));
    }
    return protocols;
  }

  /** Bounds-checked reading inside [position, limit) of a buffer. */
  private static final class Cursor {
    private final ByteBuf buf;
    private int position;
    private final int limit;

    Cursor(ByteBuf buf, int position, int limit) {
      this.buf = buf;
      this.position = position;
      this.limit = limit;
    }

    int remaining() {
      return limit - position;
    }

    private void need(int n, String what) throws Malformed {
      if (n > remaining()) {
        throw new Malformed(what + " runs past the end of its enclosing structure");
      }
    }

    int u8(String what) throws Malformed {
      need(1, what);
      return buf.getUnsignedByte(position++);
    }

    int u16(String what) throws Malformed {
      need(2, what);
      int v = buf.getUnsignedShort(position);
      position += 2;
      return v;
    }

    void skip(int n, String what) throws Malformed {
      need(n, what);
      position += n;
    }

    Cursor sub(int n, String what) throws Malformed {
      need(n, what);
      Cursor sub = new Cursor(buf, position, position + n);
      position += n;
      return sub;
    }

    int peek(int i) {
      return buf.getUnsignedByte(position + i);
    }

    String string(int n) {
      return buf.toString(position, n, StandardCharsets.ISO_8859_1);
    }
  }

  /** A violation of the ClientHello structure; no stack trace, it is control flow. */
  private static final class Malformed extends Exception {
    Malformed(String message) {
      super(message, null, false, false);
    }
  }
}
