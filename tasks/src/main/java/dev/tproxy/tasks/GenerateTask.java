package dev.tproxy.tasks;

import dev.tproxy.generate.GeneratedFile;
import dev.tproxy.generate.GeneratedFiles;
import dev.tproxy.generate.GeneratedFilesWriter;
import dev.tproxy.generate.GenerationException;
import dev.tproxy.generate.Generator;
import dev.tproxy.generate.GeneratorOptions;
import dev.tproxy.model.Topology;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code generate}: validate, then write every file for the real programs into the output
 * directory, all or nothing, and print what was written. The directory's manifest ({@link
 * OutputManifest}) says what an earlier generation wrote: those files the topology no longer
 * needs are removed, and a directory holding files tproxy did not write is refused unless forced.
 */
public final class GenerateTask {
  /** How many file names a message lists before "and N more". */
  private static final int LISTED = 10;

  /**
   * @param templateDirectory templates that replace the built-in ones of the same name; null: none
   * @param baseDir what the topology's relative paths are relative to; null: its directory
   * @param options where the files will be installed (and the rest of {@link GeneratorOptions});
   *     null: the defaults; its template directory is replaced by {@code templateDirectory}, if given
   * @param force write even beside (or over) files tproxy did not write
   * @param forceName how the front end spells {@code force}, for the message that suggests it
   */
  public record Parameters(Path topology, String parameter, Path outputDirectory, Path templateDirectory,
      Path baseDir, GeneratorOptions.Builder options, boolean force, String forceName) {

    /** The defaults, not forced. */
    public Parameters(Path topology, String parameter, Path outputDirectory, Path templateDirectory) {
      this(topology, parameter, outputDirectory, templateDirectory, null, null, false, "the force option");
    }

    /** Forced or not, with the defaults. */
    public Parameters(Path topology, String parameter, Path outputDirectory, Path templateDirectory,
        boolean force, String forceName) {
      this(topology, parameter, outputDirectory, templateDirectory, null, null, force, forceName);
    }

    /** Relative to {@code baseDir}, installed as {@code options} say, not forced. */
    public Parameters(Path topology, String parameter, Path outputDirectory, Path templateDirectory,
        Path baseDir, GeneratorOptions.Builder options) {
      this(topology, parameter, outputDirectory, templateDirectory, baseDir, options, false, "the force option");
    }
  }

  private GenerateTask() {}

  public static GeneratedFiles run(Parameters p, Reporter reporter) throws TaskException {
    Topology t = TopologyFiles.load(p.topology(), p.baseDir(), p.parameter(), reporter);
    GeneratorOptions.Builder options = p.options() != null ? p.options() : GeneratorOptions.builder();
    if (p.templateDirectory() != null) {
      options.templateDirectory(p.templateDirectory());
    }
    Path out = p.outputDirectory();
    GeneratedFiles files;
    List<String> removed;
    try {
      files = Generator.generate(t, options.build());
      OutputManifest.Plan plan = OutputManifest.plan(out, files);
      if (!plan.foreign().isEmpty()) {
        if (!p.force()) {
          throw TaskException.user(out + " holds " + files(plan.foreign().size()) + " tproxy did not write (or that"
              + " changed since): " + list(plan.foreign()) + "; generate into an empty directory, remove them, or add "
              + p.forceName() + " to write beside them");
        }
        reporter.warn("tproxy: " + out + " holds " + files(plan.foreign().size()) + " tproxy did not write (or that changed"
            + " since), written over or left as they are (" + p.forceName() + "): " + list(plan.foreign()));
      }
      new GeneratedFilesWriter().write(files, out);
      List<String> kept = OutputManifest.remove(out, plan.stale());
      OutputManifest.write(out, files, kept);
      removed = plan.stale().stream().filter(f -> !kept.contains(f)).toList();
      if (!kept.isEmpty()) {
        reporter.warn("tproxy: could not remove " + files(kept.size()) + " the previous topology needed: " + list(kept));
      }
    } catch (GenerationException e) {
      throw new TaskException(TaskException.Kind.USER, p.topology() + ": " + e.getMessage(), e);
    } catch (UncheckedIOException e) {
      throw new TaskException(TaskException.Kind.INTERNAL,
          "cannot write the generated files to " + out + ": " + e.getCause().getMessage(), e);
    } catch (IOException e) {
      throw new TaskException(TaskException.Kind.INTERNAL, "cannot read or write " + out + ": " + e.getMessage(), e);
    }
    Table table = new Table("file", "mode", "bytes");
    for (GeneratedFile f : files) {
      table.row(f.relativePath(), f.mode().octal(), Integer.toString(f.bytes().length));
    }
    reporter.info("tproxy: wrote " + files.files().size() + " files for topology \"" + t.name() + "\" to " + out);
    table.print(reporter);
    if (!removed.isEmpty()) {
      reporter.info("tproxy: removed " + files(removed.size()) + " the previous topology needed: " + list(removed));
    }
    if (!files.runtimeServices().isEmpty()) {
      reporter.info("Services realised by tproxy's runtime (no files): " + String.join(", ", files.runtimeServices()));
    }
    return files;
  }

  private static String files(int n) {
    return n + (n == 1 ? " file" : " files");
  }

  private static String list(List<String> names) {
    return names.size() <= LISTED ? String.join(", ", names)
        : String.join(", ", names.subList(0, LISTED)) + " and " + (names.size() - LISTED) + " more";
  }
}
