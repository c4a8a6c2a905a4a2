package dev.tproxy.certs;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a leaf certificate says about its holder.
 *
 * @param commonName the subject CN
 * @param dnsNames subjectAltName DNS entries; any name is fine, resolvable or not (the reference
 *     document's {@code cryptic.foo.notexist}), wildcards as {@code *.example.org}
 * @param ipAddresses subjectAltName IP entries, as literals
 * @param validity how long from now
 * @param keyAlgorithm the new key's type
 */
public record CertificateSpec(
    String commonName, List<String> dnsNames, List<String> ipAddresses, Duration validity, KeyAlgorithm keyAlgorithm) {

  /** 397 days: the longest validity browsers accept for a server certificate. */
  public static final Duration DEFAULT_VALIDITY = Duration.ofDays(397);

  public CertificateSpec {
    Objects.requireNonNull(commonName, "commonName");
    dnsNames = List.copyOf(dnsNames);
    ipAddresses = List.copyOf(ipAddresses);
    Objects.requireNonNull(validity, "validity");
    Objects.requireNonNull(keyAlgorithm, "keyAlgorithm");
    if (validity.isNegative() || validity.isZero()) {
      throw new IllegalArgumentException("validity must be positive");
    }
  }

  /** A server certificate for {@code names}; the first is also the CN. */
  public static CertificateSpec server(String... names) {
    if (names.length == 0) {
      throw new IllegalArgumentException("a server certificate needs at least one name");
    }
    return new CertificateSpec(names[0], List.of(names), List.of(), DEFAULT_VALIDITY, KeyAlgorithm.EC_P256);
  }

  /** A client certificate identified by {@code commonName}. */
  public static CertificateSpec client(String commonName) {
    return new CertificateSpec(commonName, List.of(), List.of(), DEFAULT_VALIDITY, KeyAlgorithm.EC_P256);
  }

  public CertificateSpec withIpAddresses(List<String> ips) {
    return new CertificateSpec(commonName, dnsNames, ips, validity, keyAlgorithm);
  }

  public CertificateSpec withKeyAlgorithm(KeyAlgorithm algorithm) {
    return new CertificateSpec(commonName, dnsNames, ipAddresses, validity, algorithm);
  }

  public CertificateSpec withValidity(Duration v) {
    return new CertificateSpec(commonName, dnsNames, ipAddresses, v, keyAlgorithm);
  }
}
