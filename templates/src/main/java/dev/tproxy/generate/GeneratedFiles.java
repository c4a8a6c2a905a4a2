package dev.tproxy.generate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Every file generated from one topology, ordered by path so that two runs on the same input
 * produce the same sequence, byte for byte.
 *
 * @param topology the name of the topology the files were generated from
 * @param runtimeServices services realised by tproxy's own runtime, for which no files are
 *     generated
 */
public record GeneratedFiles(String topology, List<GeneratedFile> files, List<String> runtimeServices)
    implements Iterable<GeneratedFile> {

  public GeneratedFiles {
    List<GeneratedFile> sorted = new ArrayList<>(files);
    sorted.sort(Comparator.comparing(GeneratedFile::relativePath));
    Set<String> seen = new HashSet<>();
    for (GeneratedFile f : sorted) {
      if (!seen.add(f.relativePath())) {
        throw new IllegalArgumentException("two generated files have the path " + f.relativePath());
      }
    }
    files = List.copyOf(sorted);
    runtimeServices = List.copyOf(runtimeServices);
  }

  public Optional<GeneratedFile> file(String relativePath) {
    return files.stream().filter(f -> f.relativePath().equals(relativePath)).findFirst();
  }

  public List<String> paths() {
    return files.stream().map(GeneratedFile::relativePath).toList();
  }

  @Override
  public Iterator<GeneratedFile> iterator() {
    return files.iterator();
  }
}
