package dev.tproxy.it.tunnel;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;

/**
 * The bulk-transfer cases' data: 100 MiB of a seeded random stream in a file (sshd's side reads
 * it for the way down, ssh's side sends it for the way up; both namespaces share the file system),
 * and its SHA-256. Made once for all realisations.
 */
record Payload(Path file, String sha256) {
  static Payload create(Path dir, int mebibytes) throws IOException {
    Path file = dir.resolve("payload.bin");
    byte[] block = new byte[1 << 20];
    Random random = new Random(12);
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    try (OutputStream out = Files.newOutputStream(file)) {
      for (int i = 0; i < mebibytes; i++) {
        random.nextBytes(block);
        sha.update(block);
        out.write(block);
      }
    }
    return new Payload(file, HexFormat.of().formatHex(sha.digest()));
  }
}
