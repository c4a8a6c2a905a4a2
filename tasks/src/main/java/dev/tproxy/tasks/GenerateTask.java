package dev.tproxy.tasks;

import dev.tproxy.generate.GeneratedFile;
import dev.tproxy.generate.GeneratedFiles;
import dev.tproxy.generate.GeneratedFilesWriter;
import dev.tproxy.generate.GenerationException;
import dev.tproxy.generate.Generator;
import dev.tproxy.generate.GeneratorOptions;
import dev.tproxy.model.Topology;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * {@code generate}: validate, then write every file for the real programs into the output
 * directory, all or nothing, and print what was written.
 */
public final class GenerateTask {

  /**
   * @param templateDirectory templates that replace the built-in ones of the same name; null: none
   * @param baseDir what the topology's relative paths are relative to; null: its directory
   * @param options where the files will be installed (and the rest of {@link GeneratorOptions});
   *     null: the defaults; its template directory is replaced by {@code templateDirectory}, if given
   */
  public record Parameters(Path topology, String parameter, Path outputDirectory, Path templateDirectory,
      Path baseDir, GeneratorOptions.Builder options) {

    public Parameters(Path topology, String parameter, Path outputDirectory, Path templateDirectory) {
      this(topology, parameter, outputDirectory, templateDirectory, null, null);
    }
  }

  private GenerateTask() {}

  public static GeneratedFiles run(Parameters p, Reporter reporter) throws TaskException {
    Topology t = TopologyFiles.load(p.topology(), p.baseDir(), p.parameter(), reporter);
    GeneratorOptions.Builder options = p.options() != null ? p.options() : GeneratorOptions.builder();
    if (p.templateDirectory() != null) {
      options.templateDirectory(p.templateDirectory());
    }
    GeneratedFiles files;
    try {
      files = Generator.generate(t, options.build());
      new GeneratedFilesWriter().write(files, p.outputDirectory());
    } catch (GenerationException e) {
      throw new TaskException(TaskException.Kind.USER, p.topology() + ": " + e.getMessage(), e);
    } catch (UncheckedIOException e) {
      throw new TaskException(TaskException.Kind.INTERNAL,
          "cannot write the generated files to " + p.outputDirectory() + ": " + e.getCause().getMessage(), e);
    }
    Table table = new Table("file", "mode", "bytes");
    for (GeneratedFile f : files) {
      table.row(f.relativePath(), f.mode().octal(), Integer.toString(f.bytes().length));
    }
    reporter.info("tproxy: wrote " + files.files().size() + " files for topology \"" + t.name() + "\" to " + p.outputDirectory());
    table.print(reporter);
    if (!files.runtimeServices().isEmpty()) {
      reporter.info("Services realised by tproxy's runtime (no files): " + String.join(", ", files.runtimeServices()));
    }
    return files;
  }
}
