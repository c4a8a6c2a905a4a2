package dev.tproxy.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** An enum constant's name in topology files ({@code sni-route}, {@code sslh}, {@code TLSv1.3}). */
public interface FileId {

  /** The name in topology files. */
  String id();

  /**
   * The constant of {@code type} whose id is exactly {@code id}: files write ids as the JSON
   * schema's enums list them, and a schema compares case-sensitively.
   */
  static <E extends Enum<E> & FileId> Optional<E> find(Class<E> type, String id) {
    return Arrays.stream(type.getEnumConstants()).filter(e -> e.id().equals(id)).findFirst();
  }

  /** The constant whose id is {@code id} but for case, to suggest the right spelling. */
  static <E extends Enum<E> & FileId> Optional<E> findIgnoringCase(Class<E> type, String id) {
    String wanted = id.toLowerCase(Locale.ROOT);
    return Arrays.stream(type.getEnumConstants()).filter(e -> e.id().toLowerCase(Locale.ROOT).equals(wanted)).findFirst();
  }

  /** Every id of {@code type} as alternatives, for messages: "on, optional or off". */
  static <E extends Enum<E> & FileId> String alternatives(Class<E> type) {
    java.util.List<String> ids = Arrays.stream(type.getEnumConstants()).map(FileId::id).toList();
    return ids.size() == 1 ? ids.get(0)
        : String.join(", ", ids.subList(0, ids.size() - 1)) + " or " + ids.get(ids.size() - 1);
  }

  /** Every id of {@code type}, comma-separated, for messages. */
  static <E extends Enum<E> & FileId> String list(Class<E> type) {
    return Arrays.stream(type.getEnumConstants()).map(FileId::id).collect(Collectors.joining(", "));
  }
}
