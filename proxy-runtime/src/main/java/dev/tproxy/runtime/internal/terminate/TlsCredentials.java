package dev.tproxy.runtime.internal.terminate;

import dev.tproxy.model.CertificateEntry;
import dev.tproxy.model.TlsTerminate;
import dev.tproxy.pem.IssuedCertificate;
import dev.tproxy.pem.PassphraseSource;
import dev.tproxy.pem.PemReader;
import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * What a tls-terminate stage's files hold at one moment: each certificate entry's chain and
 * (decrypted) key, checked to belong together, and the CA certificates client certificates must
 * chain to. Reading fails with a message naming the file, and never returns half a set.
 *
 * @param entries in the stage's order
 * @param defaultIndex the entry used when no server name matches
 * @param clientCas empty unless the stage verifies clients
 */
record TlsCredentials(List<Entry> entries, int defaultIndex, List<X509Certificate> clientCas) {

  /** One certificate entry as read. */
  record Entry(List<String> serverNames, IssuedCertificate pair) {}

  TlsCredentials {
    entries = List.copyOf(entries);
    clientCas = List.copyOf(clientCas);
  }

  static TlsCredentials read(TlsTerminate stage) throws IOException {
    List<Entry> entries = new ArrayList<>();
    for (CertificateEntry e : stage.certificates()) {
      PassphraseSource passphrase = e.passwordFile().map(PassphraseSource::fromFile).orElse(PassphraseSource.none());
      entries.add(new Entry(e.serverNames(), PemReader.readKeyPair(e.certificate(), e.key(), passphrase)));
    }
    int defaultIndex = stage.certificates().indexOf(stage.defaultCertificate());
    List<X509Certificate> cas = new ArrayList<>();
    if (stage.clientAuth().ca().isPresent()) {
      cas.addAll(PemReader.readCertificates(stage.clientAuth().ca().get()));
    }
    return new TlsCredentials(entries, defaultIndex, cas);
  }

  /** Every file the stage reads, for change detection. */
  static List<Path> files(TlsTerminate stage) {
    List<Path> files = new ArrayList<>();
    for (CertificateEntry e : stage.certificates()) {
      files.add(e.certificate());
      files.add(e.key());
      e.passwordFile().ifPresent(files::add);
    }
    stage.clientAuth().ca().ifPresent(files::add);
    return files;
  }
}
