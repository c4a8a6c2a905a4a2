package dev.tproxy.model;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A certificate chain and its key for a TLS terminator.
 *
 * @param serverNames the SNI names this certificate is for (exact or {@code *.example.org});
 *     empty: the default certificate
 * @param certificate PEM file, leaf first then the chain
 * @param key PEM private key (PKCS#1, PKCS#8 or SEC1; encrypted ones need {@code passwordFile})
 * @param passwordFile a file whose first line is the key's passphrase (nginx
 *     {@code ssl_password_file})
 */
public record CertificateEntry(
    List<String> serverNames, Path certificate, Path key, Optional<Path> passwordFile) {

  public CertificateEntry {
    serverNames = Lists.copy(serverNames);
    passwordFile = passwordFile == null ? Optional.empty() : passwordFile;
  }

  public static CertificateEntry of(Path certificate, Path key, String... serverNames) {
    return new CertificateEntry(List.of(serverNames), certificate, key, Optional.empty());
  }

  public boolean isDefault() {
    return serverNames.isEmpty();
  }
}
