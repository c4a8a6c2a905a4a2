package dev.tproxy.pem;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Just enough DER to put a traditional key (PKCS#1, SEC1) into a PKCS#8 envelope, the only
 * private key encoding the JDK's key factories read: single-byte tags, definite lengths. The keys
 * themselves are decoded by the JDK.
 */
final class Der {
  static final int NULL = 0x05;
  static final int INTEGER = 0x02;
  static final int OCTET_STRING = 0x04;
  static final int SEQUENCE = 0x30;
  static final int CONTEXT_0 = 0xa0;

  /** One element: its tag and content. */
  record Element(int tag, byte[] content) {}

  private Der() {}

  /** The elements inside the SEQUENCE that {@code der} begins with. */
  static List<Element> sequence(byte[] der) {
    Element outer = read(der, 0);
    if (outer.tag() != SEQUENCE) {
      throw new IllegalArgumentException("not a DER sequence");
    }
    byte[] in = outer.content();
    List<Element> out = new ArrayList<>();
    int pos = 0;
    while (pos < in.length) {
      out.add(read(in, pos));
      pos = span(in, pos).end();
    }
    return out;
  }

  /** {@code tag}, the DER length of the concatenated {@code parts}, then the parts. */
  static byte[] encode(int tag, byte[]... parts) {
    ByteArrayOutputStream content = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      content.writeBytes(p);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(tag);
    int n = content.size();
    if (n < 0x80) {
      out.write(n);
    } else {
      int bytes = (32 - Integer.numberOfLeadingZeros(n) + 7) / 8;
      out.write(0x80 | bytes);
      for (int i = bytes - 1; i >= 0; i--) {
        out.write(n >>> (8 * i));
      }
    }
    out.writeBytes(content.toByteArray());
    return out.toByteArray();
  }

  /** Where an element's content starts and where the element ends, in its input. */
  private record Span(int contentStart, int end) {}

  private static Element read(byte[] in, int pos) {
    Span s = span(in, pos);
    byte[] content = new byte[s.end() - s.contentStart()];
    System.arraycopy(in, s.contentStart(), content, 0, content.length);
    return new Element(in[pos] & 0xff, content);
  }

  private static Span span(byte[] in, int pos) {
    check(in, pos + 1);
    if ((in[pos] & 0x1f) == 0x1f) {
      throw new IllegalArgumentException("multi-byte DER tag");
    }
    int first = in[pos + 1] & 0xff;
    int length = first;
    int contentStart = pos + 2;
    if (first >= 0x80) {
      int bytes = first & 0x7f;
      if (bytes == 0 || bytes > 3) {
        throw new IllegalArgumentException("unsupported DER length");
      }
      check(in, pos + 1 + bytes);
      length = 0;
      for (int i = 0; i < bytes; i++) {
        length = (length << 8) | (in[pos + 2 + i] & 0xff);
      }
      contentStart += bytes;
    }
    if (contentStart + length > in.length) {
      throw new IllegalArgumentException("DER element longer than its input");
    }
    return new Span(contentStart, contentStart + length);
  }

  private static void check(byte[] in, int index) {
    if (index >= in.length) {
      throw new IllegalArgumentException("truncated DER");
    }
  }
}
