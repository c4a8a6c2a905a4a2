package dev.tproxy.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Defensive copies that tolerate null elements (an unvalidated model may hold them). */
final class Lists {
  private Lists() {}

  static <T> List<T> copy(List<T> list) {
    if (list == null || list.isEmpty()) {
      return List.of();
    }
    return Collections.unmodifiableList(new ArrayList<>(list));
  }
}
