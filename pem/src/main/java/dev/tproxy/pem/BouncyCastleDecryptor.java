package dev.tproxy.pem;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMException;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;

/**
 * The only class that touches BouncyCastle, which is optional: it is loaded only after {@link
 * BouncyCastleFallback} found BouncyCastle on the class path. Its provider is passed as an
 * instance, never registered, since registering it would be global state.
 */
final class BouncyCastleDecryptor {
  private BouncyCastleDecryptor() {}

  /** The decrypted PKCS#8 PrivateKeyInfo of an EncryptedPrivateKeyInfo. */
  static byte[] decryptPkcs8(byte[] der, char[] passphrase) throws GeneralSecurityException, IOException {
    Provider bc = new BouncyCastleProvider();
    try {
      return new PKCS8EncryptedPrivateKeyInfo(der)
          .decryptPrivateKeyInfo(new JceOpenSSLPKCS8DecryptorProviderBuilder().setProvider(bc).build(passphrase))
          .getEncoded();
    } catch (OperatorCreationException e) {
      throw new NoSuchAlgorithmException("BouncyCastle cannot decrypt it either: " + e.getMessage(), e);
    } catch (PKCSException e) {
      throw new GeneralSecurityException(e.getMessage(), e);
    }
  }

  /** A legacy encrypted PEM key's content, decrypted: still PKCS#1 or SEC1. */
  static byte[] decryptLegacy(LegacyPemEncryption.DekInfo dek, byte[] encrypted, char[] passphrase)
      throws GeneralSecurityException {
    Provider bc = new BouncyCastleProvider();
    try {
      return new JcePEMDecryptorProviderBuilder().setProvider(bc).build(passphrase)
          .get(dek.algorithm())
          .decrypt(encrypted, dek.iv());
    } catch (OperatorCreationException e) {
      throw new NoSuchAlgorithmException("BouncyCastle cannot decrypt it either: " + e.getMessage(), e);
    } catch (PEMException e) {
      throw new GeneralSecurityException(e.getMessage(), e);
    }
  }
}
