package dev.tproxy.runtime.internal.terminate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a set of files looked like: for each, the file a path resolves to through its symlinks
 * (Let's Encrypt swaps {@code live/} links to new files in {@code archive/}), its inode, size and
 * modification time. Two equal stamps mean nothing changed that a reload would see.
 */
record FileStamps(List<Stamp> stamps) {

  record Stamp(Path path, String realPath, Object fileKey, long size, long modified) {
    String describe() {
      return path + (realPath.equals(path.toString()) ? "" : " -> " + realPath);
    }
  }

  FileStamps {
    stamps = List.copyOf(stamps);
  }

  static FileStamps of(List<Path> files) {
    List<Stamp> out = new ArrayList<>();
    for (Path p : files) {
      out.add(stamp(p));
    }
    return new FileStamps(out);
  }

  private static Stamp stamp(Path p) {
    try {
      Path real = p.toRealPath();
      BasicFileAttributes a = Files.readAttributes(real, BasicFileAttributes.class);
      return new Stamp(p, real.toString(), a.fileKey(), a.size(), a.lastModifiedTime().toMillis());
    } catch (IOException e) {
      // Missing for a moment (a link being replaced): a stamp of its own, so it reads as a change.
      return new Stamp(p, "missing: " + e.getMessage(), null, -1, -1);
    }
  }

  /** The files that differ from {@code before}, for the log. */
  String describeChangeFrom(FileStamps before) {
    List<String> changed = new ArrayList<>();
    for (int i = 0; i < stamps.size(); i++) {
      Stamp now = stamps.get(i);
      if (i >= before.stamps().size() || !Objects.equals(now, before.stamps().get(i))) {
        changed.add(now.describe());
      }
    }
    return String.join(", ", changed);
  }
}
