package dev.tproxy.pem;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where the passphrase of an encrypted key comes from. A file's first line is used, as nginx's
 * {@code ssl_password_file} does.
 */
@FunctionalInterface
public interface PassphraseSource {

  /** The passphrase, or null for keys that are not encrypted. */
  char[] passphrase() throws IOException;

  static PassphraseSource none() {
    return () -> null;
  }

  static PassphraseSource of(char[] passphrase) {
    char[] copy = passphrase.clone();
    return copy::clone;
  }

  static PassphraseSource fromFile(Path file) {
    return () -> {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      if (lines.isEmpty() || lines.get(0).isEmpty()) {
        throw new PemContentException("the passphrase file " + file + " is empty");
      }
      return lines.get(0).toCharArray();
    };
  }
}
