package dev.tproxy.generate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a set of generated files into an output directory, all or nothing: every file is first
 * written completely into a staging directory inside the output directory (same file system),
 * then each is renamed into place atomically. If anything fails, files already moved are put
 * back as they were and the staging directory is removed, so no file is ever half written and
 * the directory is either as before or fully updated. Files in the output directory that are not
 * part of the set are left alone.
 */
public final class GeneratedFilesWriter {
  private static final Logger LOG = LoggerFactory.getLogger(GeneratedFilesWriter.class);
  private static final String STAGING_PREFIX = ".tproxy-staging-";

  /** A file moved into place, and where the file it replaced was kept. */
  private record Move(Path target, Path backup) {}

  /**
   * @return the written files, absolute
   * @throws UncheckedIOException when the set cannot be written; the directory is then unchanged
   */
  public List<Path> write(GeneratedFiles files, Path outputDirectory) {
    Path out = outputDirectory.toAbsolutePath().normalize();
    Path staging;
    try {
      Files.createDirectories(out);
      staging = Files.createTempDirectory(out, STAGING_PREFIX);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the output directory " + out + ": " + e.getMessage(), e);
    }
    try {
      stage(files, staging);
      return commit(files, staging, out);
    } finally {
      deleteTree(staging);
    }
  }

  private static void stage(GeneratedFiles files, Path staging) {
    for (GeneratedFile f : files) {
      Path p = staging.resolve("new").resolve(f.relativePath());
      try {
        Files.createDirectories(p.getParent());
        Files.write(p, f.bytes());
        Files.setPosixFilePermissions(p, f.mode().permissions());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write " + f.relativePath() + ": " + e.getMessage()
            + "; nothing in the output directory was changed", e);
      }
    }
  }

  private static List<Path> commit(GeneratedFiles files, Path staging, Path out) {
    List<Move> done = new ArrayList<>();
    List<Path> written = new ArrayList<>();
    try {
      for (GeneratedFile f : files) {
        Path target = out.resolve(f.relativePath());
        Path backup = null;
        Files.createDirectories(target.getParent());
        if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
          throw new FileAlreadyExistsException(target.toString(), null, "a directory is in the way");
        }
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
          backup = staging.resolve("old").resolve(f.relativePath());
          Files.createDirectories(backup.getParent());
          move(target, backup);
        }
        done.add(new Move(target, backup));
        move(staging.resolve("new").resolve(f.relativePath()), target);
        written.add(target);
      }
    } catch (IOException e) {
      rollBack(done);
      throw new UncheckedIOException("cannot put the generated files into " + out + ": " + e.getMessage()
          + "; the directory was restored as it was", e);
    }
    LOG.debug("wrote {} files for topology {} to {}", written.size(), files.topology(), out);
    return written;
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      // Same directory tree, so this only happens on unusual file systems; still one rename.
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static void rollBack(List<Move> done) {
    for (int i = done.size() - 1; i >= 0; i--) {
      Move m = done.get(i);
      try {
        Files.deleteIfExists(m.target());
        if (m.backup() != null) {
          move(m.backup(), m.target());
        }
      } catch (IOException e) {
        LOG.error("could not restore {}: {}", m.target(), e.getMessage());
      }
    }
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      LOG.warn("could not remove the staging directory {}: {}", dir, e.getMessage());
    }
  }
}
