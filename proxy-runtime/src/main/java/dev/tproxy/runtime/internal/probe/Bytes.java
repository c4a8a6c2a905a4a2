package dev.tproxy.runtime.internal.probe;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/** Byte comparisons on the readable part of a buffer, as sslh does them with strncmp/memmem. */
final class Bytes {
  private Bytes() {}

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /** The readable bytes start with {@code prefix}; {@code offset} is relative to the reader index. */
  static boolean startsWith(ByteBuf buf, int offset, byte[] prefix) {
    int at = buf.readerIndex() + offset;
    if (buf.writerIndex() - at < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (buf.getByte(at + i) != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  /** memmem: {@code needle} occurs anywhere in the readable bytes. */
  static boolean contains(ByteBuf buf, byte[] needle) {
    int last = buf.writerIndex() - needle.length;
    for (int at = buf.readerIndex(); at <= last; at++) {
      if (buf.getByte(at) == needle[0] && startsWith(buf, at - buf.readerIndex(), needle)) {
        return true;
      }
    }
    return false;
  }

  /** One byte per char (ISO-8859-1), so that regular expressions see the raw bytes. */
  static String latin1(ByteBuf buf, int length) {
    return buf.toString(buf.readerIndex(), length, StandardCharsets.ISO_8859_1);
  }
}
