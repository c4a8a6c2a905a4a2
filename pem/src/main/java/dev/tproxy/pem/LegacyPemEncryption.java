package dev.tproxy.pem;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * OpenSSL's legacy key encryption, {@code Proc-Type: 4,ENCRYPTED} and {@code DEK-Info:
 * AES-256-CBC,<iv>} inside an {@code RSA PRIVATE KEY} or {@code EC PRIVATE KEY} block, as {@code
 * openssl genrsa -traditional -aes256} and {@code openssl ec -aes256} write it. The cipher key is
 * OpenSSL's EVP_BytesToKey with MD5, one round, the IV's first 8 bytes as salt; the ciphers are the
 * JDK's. The CBC ciphers OpenSSL offers as {@code -aes128}, {@code -aes192}, {@code -aes256} and
 * {@code -des3} are here; other modes go to BouncyCastle.
 */
final class LegacyPemEncryption {

  /** The DEK-Info header: the OpenSSL cipher name and the IV. */
  record DekInfo(String algorithm, byte[] iv) {}

  private record JdkCipher(String transformation, String keyAlgorithm, int keyBytes) {}

  private static final Map<String, JdkCipher> CIPHERS = Map.of(
      "AES-128-CBC", new JdkCipher("AES/CBC/PKCS5Padding", "AES", 16),
      "AES-192-CBC", new JdkCipher("AES/CBC/PKCS5Padding", "AES", 24),
      "AES-256-CBC", new JdkCipher("AES/CBC/PKCS5Padding", "AES", 32),
      "DES-EDE3-CBC", new JdkCipher("DESede/CBC/PKCS5Padding", "DESede", 24));

  private LegacyPemEncryption() {}

  static boolean isEncrypted(PemBlock block) {
    return block.headers().getOrDefault("Proc-Type", "").endsWith("ENCRYPTED");
  }

  /** @throws IllegalArgumentException if the header is missing or malformed */
  static DekInfo dekInfo(PemBlock block) {
    String value = block.headers().get("DEK-Info");
    if (value == null || value.indexOf(',') < 0) {
      throw new IllegalArgumentException("the key is marked ENCRYPTED but has no DEK-Info: <cipher>,<iv> header");
    }
    int comma = value.indexOf(',');
    return new DekInfo(value.substring(0, comma).strip(), HexFormat.of().parseHex(value.substring(comma + 1).strip()));
  }

  /**
   * The decrypted key, still PKCS#1 or SEC1.
   *
   * @throws JdkUnsupportedEncryption for a cipher this class does not have
   * @throws GeneralSecurityException when decryption fails, mostly a wrong passphrase
   */
  static byte[] decrypt(DekInfo dek, byte[] encrypted, char[] passphrase)
      throws JdkUnsupportedEncryption, GeneralSecurityException {
    JdkCipher c = CIPHERS.get(dek.algorithm());
    if (c == null) {
      throw new JdkUnsupportedEncryption("legacy PEM encryption " + dek.algorithm(), null);
    }
    if (dek.iv().length < 8) {
      throw new GeneralSecurityException("the DEK-Info IV is shorter than OpenSSL's 8-byte salt");
    }
    // OpenSSL derives from the passphrase's bytes as typed, UTF-8 on today's terminals.
    ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(passphrase));
    byte[] password = Arrays.copyOf(encoded.array(), encoded.limit());
    Arrays.fill(encoded.array(), (byte) 0);
    byte[] key = bytesToKey(password, Arrays.copyOf(dek.iv(), 8), c.keyBytes());
    try {
      Cipher cipher = Cipher.getInstance(c.transformation());
      cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, c.keyAlgorithm()), new IvParameterSpec(dek.iv()));
      return cipher.doFinal(encrypted);
    } finally {
      Arrays.fill(password, (byte) 0);
      Arrays.fill(key, (byte) 0);
    }
  }

  /** EVP_BytesToKey(MD5, salt, password, count 1): D_i = MD5(D_i-1 || password || salt), concatenated. */
  static byte[] bytesToKey(byte[] password, byte[] salt, int length) throws GeneralSecurityException {
    MessageDigest md5 = MessageDigest.getInstance("MD5");
    byte[] key = new byte[length];
    byte[] previous = new byte[0];
    int filled = 0;
    while (filled < length) {
      md5.update(previous);
      md5.update(password);
      md5.update(salt);
      previous = md5.digest();
      int n = Math.min(previous.length, length - filled);
      System.arraycopy(previous, 0, key, filled, n);
      filled += n;
    }
    return key;
  }
}
