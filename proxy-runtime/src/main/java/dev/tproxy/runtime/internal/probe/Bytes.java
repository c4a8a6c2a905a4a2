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
    return contains(buf, 0, needle);
  }

  /** memmem from {@code from} (relative to the reader index) on. */
  static boolean contains(ByteBuf buf, int from, byte[] needle) {
    int last = buf.writerIndex() - needle.length;
    for (int at = buf.readerIndex() + from; at <= last; at++) {
      if (buf.getByte(at) == needle[0] && startsWith(buf, at - buf.readerIndex(), needle)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The readable bytes as chars, one byte per char (ISO-8859-1), so that regular expressions see
   * the raw bytes; a view, not a copy, so that a pattern anchored with {@code ^} costs the same
   * however many bytes have arrived.
   */
  static CharSequence latin1(ByteBuf buf) {
    return latin1(buf, buf.readableBytes());
  }

  /** The first {@code length} readable bytes, as {@link #latin1(ByteBuf)}. */
  static CharSequence latin1(ByteBuf buf, int length) {
    return new Latin1View(buf, buf.readerIndex(), length);
  }

  private record Latin1View(ByteBuf buf, int offset, int length) implements CharSequence {
    @Override
    public char charAt(int index) {
      if (index < 0 || index >= length) {
        throw new IndexOutOfBoundsException(index);
      }
      return (char) (buf.getByte(offset + index) & 0xff);
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      if (start < 0 || end > length || start > end) {
        throw new IndexOutOfBoundsException(start + ".." + end + " of " + length);
      }
      return new Latin1View(buf, offset + start, end - start);
    }

    @Override
    public String toString() {
      return buf.toString(offset, length, StandardCharsets.ISO_8859_1);
    }
  }
}
