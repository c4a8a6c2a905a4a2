package dev.tproxy.pem;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits a PEM file into its blocks (RFC 7468, with RFC 1421 headers). Text outside the blocks is
 * skipped, as OpenSSL does: {@code openssl pkcs12 -nodes} writes "Bag Attributes" lines before
 * each block, and people keep comments above a certificate.
 */
final class PemBlocks {
  private static final String BEGIN = "-----BEGIN ";
  private static final String DASHES = "-----";

  private PemBlocks() {}

  static List<PemBlock> read(Path file) throws IOException {
    // ISO-8859-1 maps every byte to a char: a comment in UTF-8 outside the blocks never fails the
    // read, and the blocks themselves are ASCII.
    return parse(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1), file.toString());
  }

  static List<PemBlock> parse(String text, String fileName) throws PemContentException {
    List<PemBlock> blocks = new ArrayList<>();
    String[] lines = text.split("\r\n|\r|\n", -1);
    int i = 0;
    while (i < lines.length) {
      String line = lines[i].strip();
      i++;
      if (!line.startsWith(BEGIN) || !line.endsWith(DASHES) || line.length() < BEGIN.length() + DASHES.length()) {
        continue;
      }
      int beginLine = i;
      String label = line.substring(BEGIN.length(), line.length() - DASHES.length());
      String end = "-----END " + label + DASHES;
      Map<String, String> headers = new LinkedHashMap<>();
      StringBuilder base64 = new StringBuilder();
      boolean ended = false;
      while (i < lines.length && !ended) {
        String l = lines[i].strip();
        i++;
        if (l.equals(end)) {
          ended = true;
        } else if (l.startsWith(DASHES)) {
          throw new PemContentException(fileName + ", line " + i + ": expected " + end + " (the block began on line "
              + beginLine + ")");
        } else if (base64.length() == 0 && l.indexOf(':') > 0) {
          // Base64 has no ':'; headers come before the first base64 line.
          int colon = l.indexOf(':');
          headers.put(l.substring(0, colon).strip(), l.substring(colon + 1).strip());
        } else {
          base64.append(l);
        }
      }
      if (!ended) {
        throw new PemContentException(fileName + ": the " + label + " block of line " + beginLine + " has no " + end);
      }
      byte[] content;
      try {
        content = Base64.getDecoder().decode(base64.toString());
      } catch (IllegalArgumentException e) {
        throw new PemContentException(fileName + ", line " + beginLine + ": the " + label + " block is not valid base64: "
            + e.getMessage(), e);
      }
      blocks.add(new PemBlock(label, headers, content, beginLine));
    }
    return blocks;
  }
}
