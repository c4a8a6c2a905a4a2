package dev.tproxy.model.internal.load;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Optional;

/**
 * The whole-number value of a scalar, as JSON Schema's {@code integer} reads it: any number whose
 * fraction is zero, so {@code 2}, {@code 2.0}, {@code 0x2} and {@code 2e0} are all 2.
 */
final class Numbers {
  /** Larger numbers are refused before they are expanded ({@code 1e999999999}). */
  private static final int MAX_DIGITS = 19;

  private Numbers() {}

  /** Empty when the scalar is not a number, or has a fraction. */
  static Optional<BigInteger> wholeValue(Node.Scalar s) {
    String t = s.text();
    if (s.kind() == Node.ScalarKind.INTEGER) {
      boolean negative = t.startsWith("-");
      String digits = t.startsWith("-") || t.startsWith("+") ? t.substring(1) : t;
      BigInteger v = digits.startsWith("0x") ? new BigInteger(digits.substring(2), 16)
          : digits.startsWith("0o") ? new BigInteger(digits.substring(2), 8)
          : new BigInteger(digits);
      return Optional.of(negative ? v.negate() : v);
    }
    if (s.kind() == Node.ScalarKind.FLOAT) {
      BigDecimal d;
      try {
        d = new BigDecimal(t);
      } catch (NumberFormatException e) {
        return Optional.empty(); // .inf, .nan
      }
      if (d.signum() == 0) {
        return Optional.of(BigInteger.ZERO);
      }
      d = d.stripTrailingZeros();
      if (d.scale() > 0) {
        return Optional.empty();
      }
      if (d.precision() - d.scale() > MAX_DIGITS) {
        return Optional.of(BigInteger.TEN.pow(MAX_DIGITS).multiply(BigInteger.valueOf(d.signum())));
      }
      return Optional.of(d.toBigIntegerExact());
    }
    return Optional.empty();
  }
}
