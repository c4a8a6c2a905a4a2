package dev.tproxy.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writing a file set: complete, with modes, atomic, and leaving other files alone. */
class GeneratedFilesWriterTest {
  @TempDir
  Path out;

  static GeneratedFiles set(String... pathsAndContents) {
    List<GeneratedFile> files = new java.util.ArrayList<>();
    for (int i = 0; i < pathsAndContents.length; i += 2) {
      FileMode mode = pathsAndContents[i].endsWith(".sh") ? FileMode.SCRIPT : FileMode.CONFIG;
      files.add(new GeneratedFile(pathsAndContents[i], pathsAndContents[i + 1], mode));
    }
    return new GeneratedFiles("t", files, List.of());
  }

  private List<String> listing() throws IOException {
    try (Stream<Path> s = Files.walk(out)) {
      return s.filter(p -> !p.equals(out)).map(p -> out.relativize(p).toString()).sorted().toList();
    }
  }

  @Test
  void writesEveryFileWithItsModeAndKeepsOtherFiles() throws IOException {
    Files.writeString(out.resolve("mine.txt"), "keep me");
    List<Path> written = new GeneratedFilesWriter().write(set("a/b.conf", "b\n", "sbin/x.sh", "#!/bin/sh\n"), out);

    assertThat(written).containsExactly(out.resolve("a/b.conf"), out.resolve("sbin/x.sh"));
    assertThat(Files.readString(out.resolve("a/b.conf"))).isEqualTo("b\n");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("a/b.conf")))).isEqualTo("rw-r--r--");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("sbin/x.sh")))).isEqualTo("rwxr-xr-x");
    assertThat(Files.readString(out.resolve("mine.txt"))).isEqualTo("keep me");
    assertThat(listing()).containsExactly("a", "a/b.conf", "mine.txt", "sbin", "sbin/x.sh");
  }

  @Test
  void replacesEarlierVersionsOfTheFiles() throws IOException {
    new GeneratedFilesWriter().write(set("a.conf", "old\n"), out);
    new GeneratedFilesWriter().write(set("a.conf", "new\n"), out);
    assertThat(Files.readString(out.resolve("a.conf"))).isEqualTo("new\n");
    assertThat(listing()).containsExactly("a.conf");
  }

  @Test
  void whenOneFileCannotBePutInPlaceNothingChanges() throws IOException {
    Files.writeString(out.resolve("a.conf"), "old a\n");
    Files.createDirectories(out.resolve("z.conf"));
    Files.writeString(out.resolve("z.conf/inside"), "a directory where a file should go");

    assertThatThrownBy(() -> new GeneratedFilesWriter().write(set("a.conf", "new a\n", "b.conf", "new b\n", "z.conf", "z\n"), out))
        .isInstanceOf(UncheckedIOException.class).hasMessageContaining("restored as it was");

    assertThat(Files.readString(out.resolve("a.conf"))).isEqualTo("old a\n");
    assertThat(listing()).containsExactly("a.conf", "z.conf", "z.conf/inside");
  }

  @Test
  void createsTheOutputDirectory() {
    Path nested = out.resolve("x/y");
    new GeneratedFilesWriter().write(set("a.conf", "a\n"), nested);
    assertThat(nested.resolve("a.conf")).hasContent("a");
  }
}
