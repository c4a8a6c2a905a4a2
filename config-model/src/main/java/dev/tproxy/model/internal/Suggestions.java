package dev.tproxy.model.internal;

import java.util.Collection;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** "Did you mean ...": the candidate closest to a misspelt word, by edit distance. */
public final class Suggestions {
  private Suggestions() {}

  /**
   * The candidate with the smallest edit distance to {@code wrong} after {@code normalise}, if
   * that distance is at most {@code maxDistance}.
   */
  public static Optional<String> closest(
      String wrong, Collection<String> candidates, int maxDistance, UnaryOperator<String> normalise) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    String w = normalise.apply(wrong);
    for (String c : candidates) {
      int d = distance(w, normalise.apply(c));
      if (d < bestDistance) {
        best = c;
        bestDistance = d;
      }
    }
    return bestDistance <= maxDistance ? Optional.ofNullable(best) : Optional.empty();
  }

  /** Levenshtein distance. */
  static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
