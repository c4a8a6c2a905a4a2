package dev.tproxy.pem;

import java.util.Map;

/**
 * One block of a PEM file: {@code -----BEGIN label-----}, the RFC 1421 headers that OpenSSL's
 * legacy encrypted keys carry ({@code Proc-Type}, {@code DEK-Info}), and the base64-decoded
 * content.
 *
 * @param line the line of the BEGIN marker, 1-based, for messages
 */
record PemBlock(String label, Map<String, String> headers, byte[] content, int line) {
  PemBlock {
    headers = Map.copyOf(headers);
  }
}
