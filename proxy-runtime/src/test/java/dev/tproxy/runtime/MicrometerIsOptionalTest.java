package dev.tproxy.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Micrometer is an optional dependency: only the binder's package may refer to it, and a runtime
 * runs in a JVM without it.
 */
class MicrometerIsOptionalTest {
  private static final Path CLASSES = Path.of("target/classes");

  @Test
  void noClassOutsideTheMetricsPackageRefersToMicrometer() throws IOException {
    List<String> offenders = new ArrayList<>();
    int checked = 0;
    try (Stream<Path> files = Files.walk(CLASSES)) {
      for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".class"))::iterator) {
        String name = CLASSES.relativize(f).toString();
        if (name.startsWith("dev/tproxy/runtime/metrics/")) {
          continue;
        }
        checked++;
        // Class references sit in the constant pool as UTF-8 "io/micrometer/..."; descriptors too.
        if (new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1).contains("io/micrometer")) {
          offenders.add(name);
        }
      }
    }
    assertThat(checked).as("classes checked").isGreaterThan(50);
    assertThat(offenders).as("classes outside dev.tproxy.runtime.metrics that refer to Micrometer").isEmpty();
  }

  @Test
  void aRuntimeRunsInAClassLoaderWithoutMicrometer() throws Exception {
    List<URL> urls = new ArrayList<>();
    for (String entry : testClassPath().split(File.pathSeparator)) {
      if (!entry.isEmpty() && !entry.contains("/io/micrometer/")) {
        urls.add(Path.of(entry).toUri().toURL());
      }
    }
    // The platform loader as parent: every class of the runtime, Netty and the tests comes from these URLs.
    try (URLClassLoader withoutMicrometer = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
      assertThatThrownBy(() -> withoutMicrometer.loadClass("io.micrometer.core.instrument.MeterRegistry"))
          .isInstanceOf(ClassNotFoundException.class);
      Class<?> run = withoutMicrometer.loadClass(RunsWithoutMicrometer.class.getName());
      assertThat(run.getClassLoader()).isSameAs(withoutMicrometer);
      String line = (String) run.getMethod("run").invoke(null);
      assertThat(line).startsWith("front 127.0.0.1:").contains(" route forward -> echo upstream ", " bytes 4/4 ");
    }
  }

  /** Surefire passes the test class path in this property (the JVM's own is a manifest-only jar). */
  private static String testClassPath() {
    String surefire = System.getProperty("surefire.test.class.path");
    return surefire != null ? surefire : System.getProperty("java.class.path");
  }
}
