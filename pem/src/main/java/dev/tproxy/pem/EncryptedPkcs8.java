package dev.tproxy.pem;

import java.io.IOException;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.NoSuchPaddingException;
import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * An {@code ENCRYPTED PRIVATE KEY} (PKCS#8 EncryptedPrivateKeyInfo) decrypted by the JDK: PBES2
 * with PBKDF2 (HMAC-SHA1 to SHA-512) and AES-128 or AES-256, which is what {@code openssl genpkey
 * -aes-256-cbc}, {@code openssl pkcs8 -topk8} and {@code openssl pkey -aes256} write, and the
 * PKCS#12 PBES1 schemes ({@code -v1 PBE-SHA1-3DES}). The JDK cannot parse scrypt, nor PBES2 with
 * AES-192, 3DES or Camellia; those go to BouncyCastle.
 */
final class EncryptedPkcs8 {
  private EncryptedPkcs8() {}

  /**
   * The decrypted PKCS#8 PrivateKeyInfo.
   *
   * @throws JdkUnsupportedEncryption when the JDK lacks the scheme
   * @throws GeneralSecurityException when decryption fails, mostly a wrong passphrase
   */
  static byte[] decrypt(byte[] der, char[] passphrase) throws JdkUnsupportedEncryption, GeneralSecurityException {
    EncryptedPrivateKeyInfo info;
    try {
      info = new EncryptedPrivateKeyInfo(der);
    } catch (IOException e) {
      // The JDK parses the algorithm's parameters here and refuses those it does not know.
      throw new JdkUnsupportedEncryption(e.getMessage(), e);
    }
    AlgorithmParameters parameters = info.getAlgParameters();
    // For PBES2 the JDK names the full scheme (PBEWithHmacSHA256AndAES_256) only in the
    // parameters' toString, as its own PKCS12KeyStore reads it.
    String scheme = "PBES2".equals(info.getAlgName()) && parameters != null ? parameters.toString() : info.getAlgName();
    SecretKeyFactory factory;
    Cipher cipher;
    try {
      factory = SecretKeyFactory.getInstance(scheme);
      cipher = Cipher.getInstance(scheme);
    } catch (NoSuchAlgorithmException | NoSuchPaddingException e) {
      throw new JdkUnsupportedEncryption(scheme, e);
    }
    PBEKeySpec spec = new PBEKeySpec(passphrase);
    try {
      SecretKey key = factory.generateSecret(spec);
      cipher.init(Cipher.DECRYPT_MODE, key, parameters);
      return info.getKeySpec(cipher).getEncoded();
    } finally {
      spec.clearPassword();
    }
  }
}
