package dev.tproxy.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** An enum constant's name in topology files ({@code sni-route}, {@code sslh}, {@code TLSv1.3}). */
public interface FileId {

  /** The name in topology files. */
  String id();

  /** The constant of {@code type} whose id is {@code id}, ignoring case. */
  static <E extends Enum<E> & FileId> Optional<E> find(Class<E> type, String id) {
    String wanted = id.toLowerCase(Locale.ROOT);
    return Arrays.stream(type.getEnumConstants()).filter(e -> e.id().toLowerCase(Locale.ROOT).equals(wanted)).findFirst();
  }

  /** Every id of {@code type}, comma-separated, for messages. */
  static <E extends Enum<E> & FileId> String list(Class<E> type) {
    return Arrays.stream(type.getEnumConstants()).map(FileId::id).collect(Collectors.joining(", "));
  }
}
