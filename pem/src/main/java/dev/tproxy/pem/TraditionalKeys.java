package dev.tproxy.pem;

import java.util.HexFormat;
import java.util.List;

/**
 * OpenSSL's traditional key encodings, PKCS#1 {@code RSA PRIVATE KEY} and SEC1 {@code EC PRIVATE
 * KEY}, as PKCS#8: the same key inside a PrivateKeyInfo that names its algorithm (and, for EC,
 * its curve), which is what {@code openssl pkcs8 -topk8 -nocrypt} does.
 */
final class TraditionalKeys {
  private static final byte[] VERSION_0 = {Der.INTEGER, 1, 0};
  /** AlgorithmIdentifier { rsaEncryption (1.2.840.113549.1.1.1), NULL }. */
  private static final byte[] RSA_ALGORITHM = Der.encode(Der.SEQUENCE,
      HexFormat.of().parseHex("06092a864886f70d010101"), new byte[] {Der.NULL, 0});
  /** id-ecPublicKey (1.2.840.10045.2.1). */
  private static final byte[] EC_PUBLIC_KEY = HexFormat.of().parseHex("06072a8648ce3d0201");

  private TraditionalKeys() {}

  /** A PKCS#1 RSAPrivateKey as PKCS#8. */
  static byte[] rsaToPkcs8(byte[] pkcs1) {
    return Der.encode(Der.SEQUENCE, VERSION_0, RSA_ALGORITHM, Der.encode(Der.OCTET_STRING, pkcs1));
  }

  /**
   * A SEC1 ECPrivateKey as PKCS#8; its curve moves into the algorithm identifier, where the JDK
   * reads it.
   *
   * @throws IllegalArgumentException if it is not SEC1 or does not name its curve
   */
  static byte[] ecToPkcs8(byte[] sec1) {
    List<Der.Element> fields = Der.sequence(sec1);
    byte[] curve = fields.stream()
        .filter(e -> e.tag() == Der.CONTEXT_0)
        .findFirst()
        .map(Der.Element::content)
        .orElseThrow(() -> new IllegalArgumentException("the EC key does not name its curve"));
    byte[] algorithm = Der.encode(Der.SEQUENCE, EC_PUBLIC_KEY, curve);
    return Der.encode(Der.SEQUENCE, VERSION_0, algorithm, Der.encode(Der.OCTET_STRING, sec1));
  }
}
