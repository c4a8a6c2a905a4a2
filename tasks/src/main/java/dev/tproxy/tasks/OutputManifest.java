package dev.tproxy.tasks;

import dev.tproxy.generate.GeneratedFile;
import dev.tproxy.generate.GeneratedFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What {@code generate} wrote into an output directory: {@value #NAME} in it lists each file's
 * SHA-256 and relative path, as {@code sha256sum} prints them ({@code sha256sum -c} checks it).
 * The next generation removes the files listed there that it does not write again, and refuses to
 * write beside files that are not listed (unless forced), so no stale file is left without a word.
 */
final class OutputManifest {
  static final String NAME = ".tproxy-generated";
  /** {@code GeneratedFilesWriter}'s staging directories, gone after each write. */
  private static final String STAGING_PREFIX = ".tproxy-staging-";

  /**
   * What a generation would do to the directory.
   *
   * @param stale files the previous generation wrote that this one does not, to remove
   * @param foreign files not written by tproxy, or changed since, that a generation would write
   *     beside (or over, when their content differs)
   */
  record Plan(List<String> stale, List<String> foreign) {}

  private OutputManifest() {}

  static Plan plan(Path dir, GeneratedFiles files) throws IOException {
    Map<String, String> previous = read(dir);
    List<String> stale = new ArrayList<>();
    List<String> foreign = new ArrayList<>();
    for (String present : filesIn(dir)) {
      Optional<GeneratedFile> next = files.file(present);
      String hash;
      try {
        hash = sha256(Files.readAllBytes(dir.resolve(present)));
      } catch (IOException e) {
        hash = "unreadable"; // a dangling link, a file of another user: not ours
      }
      if (hash.equals(previous.get(present))) {
        if (next.isEmpty()) {
          stale.add(present);
        }
      } else if (next.isEmpty() || !hash.equals(sha256(next.get().bytes()))) {
        // A file identical to what is written now (an older tproxy wrote it without a manifest) replaces nothing.
        foreign.add(present);
      }
    }
    return new Plan(List.copyOf(stale), List.copyOf(foreign));
  }

  /** Removes {@code stale} and directories it leaves empty; the ones that could not be removed. */
  static List<String> remove(Path dir, List<String> stale) {
    List<String> kept = new ArrayList<>();
    for (String f : stale) {
      try {
        Files.deleteIfExists(dir.resolve(f));
        for (Path p = dir.resolve(f).getParent(); p != null && !p.equals(dir) && p.startsWith(dir); p = p.getParent()) {
          try (Stream<Path> in = Files.list(p)) {
            if (in.findAny().isPresent()) {
              break;
            }
          }
          Files.delete(p);
        }
      } catch (IOException e) {
        kept.add(f);
      }
    }
    return kept;
  }

  /** Writes the manifest of {@code files} (and of {@code alsoOurs}, left behind), atomically. */
  static void write(Path dir, GeneratedFiles files, Collection<String> alsoOurs) throws IOException {
    Map<String, String> lines = new TreeMap<>();
    for (GeneratedFile f : files) {
      lines.put(f.relativePath(), sha256(f.bytes()));
    }
    for (String f : alsoOurs) {
      lines.put(f, sha256(Files.readAllBytes(dir.resolve(f))));
    }
    StringBuilder sb = new StringBuilder();
    lines.forEach((path, hash) -> sb.append(hash).append("  ").append(path).append('\n'));
    Path tmp = Files.createTempFile(dir, NAME, ".tmp");
    try {
      Files.writeString(tmp, sb, StandardCharsets.UTF_8);
      try {
        Files.move(tmp, dir.resolve(NAME), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, dir.resolve(NAME), StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** The manifest's path to hash map; empty when there is none. */
  static Map<String, String> read(Path dir) throws IOException {
    Map<String, String> out = new TreeMap<>();
    Path m = dir.resolve(NAME);
    if (!Files.isRegularFile(m)) {
      return out;
    }
    for (String line : Files.readAllLines(m, StandardCharsets.UTF_8)) {
      int sep = line.indexOf("  ");
      if (sep == 64) {
        out.put(line.substring(sep + 2), line.substring(0, sep));
      }
    }
    return out;
  }

  /** Every file below {@code dir} (not directories), relative, sorted; not the manifest or staging leftovers. */
  static List<String> filesIn(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(p -> !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
          .map(p -> dir.relativize(p).toString())
          .filter(r -> !r.equals(NAME) && !r.startsWith(STAGING_PREFIX) && !(r.startsWith(NAME) && r.endsWith(".tmp")))
          .sorted()
          .toList();
    }
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
