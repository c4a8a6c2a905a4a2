package dev.tproxy.runtime.internal.route;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Server names to values as an nginx {@code map ... { hostnames; }} looks them up: an exact name
 * first, then the longest {@code *.suffix} wildcard (which needs at least one more label, of any
 * depth), whatever the order they were added in; names compare case-insensitively. Used for
 * routing by SNI and for choosing a certificate by SNI, so that both agree.
 *
 * @param <V> what a name maps to
 */
public final class HostnameMap<V> {

  /** A value found for a name, and which pattern found it (for logs). */
  public record Match<V>(V value, String pattern) {}

  private record Wildcard<V>(String suffix, V value) {}

  private final Map<String, V> exact = new HashMap<>();
  private final List<Wildcard<V>> wildcards = new ArrayList<>();

  /** Adds {@code name} (exact, or {@code *.suffix}); the first value added for a name wins. */
  public HostnameMap<V> put(String name, V value) {
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.startsWith("*.")) {
      if (wildcards.stream().noneMatch(w -> w.suffix().equals(lower.substring(1)))) {
        wildcards.add(new Wildcard<>(lower.substring(1), value));
        wildcards.sort(Comparator.comparingInt((Wildcard<V> w) -> w.suffix().length()).reversed());
      }
    } else {
      exact.putIfAbsent(lower, value);
    }
    return this;
  }

  /** What {@code name} maps to, if anything. */
  public Optional<Match<V>> find(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    V v = exact.get(lower);
    if (v != null) {
      return Optional.of(new Match<>(v, lower));
    }
    for (Wildcard<V> w : wildcards) {
      if (lower.length() > w.suffix().length() && lower.endsWith(w.suffix())) {
        return Optional.of(new Match<>(w.value(), "*" + w.suffix()));
      }
    }
    return Optional.empty();
  }
}
