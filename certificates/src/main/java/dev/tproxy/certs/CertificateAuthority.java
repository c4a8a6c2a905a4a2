package dev.tproxy.certs;

import dev.tproxy.pem.IssuedCertificate;
import dev.tproxy.pem.KeyMatcher;
import dev.tproxy.pem.PassphraseSource;
import dev.tproxy.pem.PemContentException;
import dev.tproxy.pem.PemReader;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A development certificate authority: it signs server certificates for any names (including
 * names no DNS will ever resolve) and client certificates for client-certificate
 * authentication. Not for production: its key sits in a file.
 */
public final class CertificateAuthority {

  /** Ten years: a development CA outlives the certificates it signs. */
  public static final Duration DEFAULT_VALIDITY = Duration.ofDays(3650);

  private final KeyPair keyPair;
  private final X509Certificate certificate;
  private final Clock clock;
  private final SecureRandom random;

  private CertificateAuthority(KeyPair keyPair, X509Certificate certificate, Clock clock, SecureRandom random) {
    this.keyPair = keyPair;
    this.certificate = certificate;
    this.clock = clock;
    this.random = random;
  }

  /** A new CA with a fresh EC key, valid for {@link #DEFAULT_VALIDITY}. */
  public static CertificateAuthority create(String commonName) {
    return create(commonName, KeyAlgorithm.EC_P256, DEFAULT_VALIDITY, Clock.systemUTC(), new SecureRandom());
  }

  public static CertificateAuthority create(
      String commonName, KeyAlgorithm algorithm, Duration validity, Clock clock, SecureRandom random) {
    KeyPair kp = algorithm.generate(random);
    X500Name subject = name(commonName);
    Instant now = clock.instant();
    X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(subject, serial(random),
        Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(validity)), subject, kp.getPublic());
    try {
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
      b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
      b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(kp.getPublic()));
      return new CertificateAuthority(kp, sign(b, kp.getPrivate()), clock, random);
    } catch (CertIOException | java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("cannot build the CA certificate", e);
    }
  }

  /** A CA from its PEM certificate and (unencrypted or passphrase-protected) key. */
  public static CertificateAuthority load(Path certificate, Path key, PassphraseSource passphrase) throws IOException {
    List<X509Certificate> certs = PemReader.readCertificates(certificate);
    PrivateKey privateKey = PemReader.readPrivateKey(key, passphrase);
    X509Certificate ca = certs.get(0);
    if (ca.getBasicConstraints() < 0) {
      throw new PemContentException(certificate + " is not a CA certificate (basicConstraints CA:FALSE)");
    }
    PublicKey pub = ca.getPublicKey();
    if (!KeyMatcher.matches(pub, privateKey)) {
      throw new PemContentException(key + " is not the key of the certificate in " + certificate);
    }
    return new CertificateAuthority(new KeyPair(pub, privateKey), ca, Clock.systemUTC(), new SecureRandom());
  }

  public X509Certificate certificate() {
    return certificate;
  }

  public PrivateKey privateKey() {
    return keyPair.getPrivate();
  }

  /** A server certificate (serverAuth) for the names in {@code spec}, signed by this CA. */
  public IssuedCertificate issueServer(CertificateSpec spec) {
    return issue(spec, KeyPurposeId.id_kp_serverAuth);
  }

  /** A client certificate (clientAuth) for {@code spec}'s CN, signed by this CA. */
  public IssuedCertificate issueClient(CertificateSpec spec) {
    return issue(spec, KeyPurposeId.id_kp_clientAuth);
  }

  private IssuedCertificate issue(CertificateSpec spec, KeyPurposeId purpose) {
    Objects.requireNonNull(spec, "spec");
    KeyPair kp = spec.keyAlgorithm().generate(random);
    Instant now = clock.instant();
    X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(certificate, serial(random),
        Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(spec.validity())),
        name(spec.commonName()), kp.getPublic());
    try {
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      int usage = KeyUsage.digitalSignature | ("RSA".equals(kp.getPublic().getAlgorithm()) ? KeyUsage.keyEncipherment : 0);
      b.addExtension(Extension.keyUsage, true, new KeyUsage(usage));
      b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
      b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(kp.getPublic()));
      b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(certificate));
      List<GeneralName> alt = new ArrayList<>();
      for (String dns : spec.dnsNames()) {
        alt.add(new GeneralName(GeneralName.dNSName, dns));
      }
      for (String ip : spec.ipAddresses()) {
        alt.add(new GeneralName(GeneralName.iPAddress, ipLiteral(ip)));
      }
      if (!alt.isEmpty()) {
        b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(alt.toArray(GeneralName[]::new)));
      }
    } catch (CertIOException | java.security.NoSuchAlgorithmException | java.security.cert.CertificateEncodingException e) {
      throw new IllegalStateException("cannot build a certificate for " + spec.commonName(), e);
    }
    return new IssuedCertificate(kp.getPrivate(), List.of(sign(b, keyPair.getPrivate())));
  }

  private static String ipLiteral(String ip) {
    if (!dev.tproxy.model.IpLiterals.isLiteral(ip)) {
      throw new IllegalArgumentException("\"" + ip + "\" is not an IP address literal");
    }
    return ip;
  }

  private static X500Name name(String commonName) {
    return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
  }

  /** 127 random bits, positive, as CA/Browser forum rules ask (at least 64 bits of entropy). */
  private static BigInteger serial(SecureRandom random) {
    return new BigInteger(127, random).add(BigInteger.ONE);
  }

  private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey signer) {
    try {
      ContentSigner s = new JcaContentSignerBuilder(KeyAlgorithm.signatureAlgorithmFor(signer)).build(signer);
      return new JcaX509CertificateConverter().getCertificate(b.build(s));
    } catch (OperatorCreationException | CertificateException e) {
      throw new IllegalStateException("cannot sign a certificate", e);
    }
  }
}
