package dev.tproxy.pem;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A key encoding as OpenSSL writes it: the openssl commands that leave it in {@code k.pem}
 * (separated by ";"), a line the file must hold to prove the command made that encoding, the
 * passphrase ("" if none), and whether the JDK alone reads it.
 */
record KeyFormat(String name, String commands, String marker, String passphrase, boolean jdk) {
  private static final String RSA = "genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out p.pem";
  private static final String EC = "genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out p.pem";
  private static final String ENCRYPTED = "-----BEGIN ENCRYPTED PRIVATE KEY-----";

  static final List<KeyFormat> ALL = List.of(
      new KeyFormat("PKCS#1 RSA", "genrsa -traditional -out k.pem 2048", "-----BEGIN RSA PRIVATE KEY-----", "", true),
      new KeyFormat("PKCS#8 RSA", RSA + "; pkey -in p.pem -out k.pem", "-----BEGIN PRIVATE KEY-----", "", true),
      new KeyFormat("SEC1 EC", "ecparam -name prime256v1 -genkey -noout -out k.pem", "-----BEGIN EC PRIVATE KEY-----", "", true),
      new KeyFormat("SEC1 EC P-384 after EC PARAMETERS", "ecparam -name secp384r1 -genkey -out k.pem",
          "-----BEGIN EC PARAMETERS-----", "", true),
      new KeyFormat("PKCS#8 EC", EC + "; pkey -in p.pem -out k.pem", "-----BEGIN PRIVATE KEY-----", "", true),
      new KeyFormat("enc PKCS#8 RSA AES-256", "genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -aes-256-cbc"
          + " -pass pass:s3cret -out k.pem", ENCRYPTED, "s3cret", true),
      new KeyFormat("enc PKCS#8 EC AES-128", "genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -aes-128-cbc"
          + " -pass pass:s3cret -out k.pem", ENCRYPTED, "s3cret", true),
      new KeyFormat("enc PKCS#8 EC HMAC-SHA512", EC + "; pkcs8 -topk8 -in p.pem -v2 aes-256-cbc -v2prf hmacWithSHA512"
          + " -passout pass:s3cret -out k.pem", ENCRYPTED, "s3cret", true),
      new KeyFormat("enc PKCS#8 EC PBES1 3DES", EC + "; pkcs8 -topk8 -in p.pem -v1 PBE-SHA1-3DES -passout pass:s3cret"
          + " -out k.pem", ENCRYPTED, "s3cret", true),
      new KeyFormat("enc legacy RSA AES-256", "genrsa -traditional -aes256 -passout pass:s3cret -out k.pem 2048",
          "DEK-Info: AES-256-CBC,", "s3cret", true),
      new KeyFormat("enc legacy RSA AES-128", "genrsa -traditional -aes128 -passout pass:s3cret -out k.pem 2048",
          "DEK-Info: AES-128-CBC,", "s3cret", true),
      new KeyFormat("enc legacy RSA 3DES", "genrsa -traditional -des3 -passout pass:s3cret -out k.pem 2048",
          "DEK-Info: DES-EDE3-CBC,", "s3cret", true),
      new KeyFormat("enc legacy EC AES-192", "ecparam -name prime256v1 -genkey -noout -out p.pem;"
          + " ec -in p.pem -aes192 -passout pass:s3cret -out k.pem", "DEK-Info: AES-192-CBC,", "s3cret", true),
      // Encryptions the JDK lacks: BouncyCastle's, when it is on the class path.
      new KeyFormat("enc PKCS#8 EC scrypt", EC + "; pkcs8 -topk8 -in p.pem -scrypt -passout pass:s3cret -out k.pem",
          ENCRYPTED, "s3cret", false),
      new KeyFormat("enc PKCS#8 EC PBES2 3DES", EC + "; pkcs8 -topk8 -in p.pem -v2 des3 -passout pass:s3cret -out k.pem",
          ENCRYPTED, "s3cret", false),
      new KeyFormat("enc PKCS#8 EC AES-192", EC + "; pkcs8 -topk8 -in p.pem -v2 aes-192-cbc -passout pass:s3cret"
          + " -out k.pem", ENCRYPTED, "s3cret", false),
      new KeyFormat("enc legacy RSA AES-128-CFB", RSA + "; rsa -in p.pem -traditional -aes-128-cfb -passout pass:s3cret"
          + " -out k.pem", "DEK-Info: AES-128-CFB,", "s3cret", false));

  static Stream<KeyFormat> all() {
    return ALL.stream();
  }

  static Stream<KeyFormat> jdkOnly() {
    return ALL.stream().filter(KeyFormat::jdk);
  }

  static Stream<KeyFormat> needingBouncyCastle() {
    return ALL.stream().filter(f -> !f.jdk());
  }

  /** Runs the commands in {@code dir}, then makes {@code c.pem}, a certificate of the key. */
  Path generate(Path dir) throws Exception {
    for (String command : commands.split(";")) {
      Openssl.run(dir, command.trim().split("\\s+"));
    }
    Path key = dir.resolve("k.pem");
    assertThat(Files.readString(key)).as(name).contains(marker);
    List<String> req = new ArrayList<>(List.of("req", "-x509", "-key", "k.pem", "-subj", "/CN=k", "-days", "1", "-out", "c.pem"));
    if (!passphrase.isEmpty()) {
      req.addAll(List.of("-passin", "pass:" + passphrase));
    }
    Openssl.run(dir, req.toArray(String[]::new));
    return key;
  }

  PassphraseSource source() {
    return passphrase.isEmpty() ? PassphraseSource.none() : PassphraseSource.of(passphrase.toCharArray());
  }

  @Override
  public String toString() {
    return name;
  }
}
