package dev.tproxy.model;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.concurrent.Callable;

/**
 * The model's classes, and the probes below, in a class loader that sees only the JDK: what an
 * embedder without Jackson and SnakeYAML runs (optional dependencies are on a module's own test
 * class path, so a test sees the model without them only this way). The probes run inside it and
 * hand back JDK types.
 */
final class WithoutJackson implements AutoCloseable {
  private final URLClassLoader loader;

  WithoutJackson() {
    URL classes = Topology.class.getProtectionDomain().getCodeSource().getLocation();
    URL testClasses = WithoutJackson.class.getProtectionDomain().getCodeSource().getLocation();
    loader = new URLClassLoader(new URL[] {classes, testClasses}, ClassLoader.getPlatformClassLoader());
  }

  boolean seesJackson() {
    try {
      loader.loadClass("com.fasterxml.jackson.core.JsonFactory");
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  /** Runs {@code probe} (a class below) inside the isolated loader. */
  Object run(Class<? extends Callable<Object>> probe) throws Exception {
    Class<?> isolated = loader.loadClass(probe.getName());
    if (isolated == probe) {
      throw new AssertionError("the probe was not isolated");
    }
    return ((Callable<?>) isolated.getConstructor().newInstance()).call();
  }

  @Override
  public void close() throws java.io.IOException {
    loader.close();
  }

  /** A topology made by the builder, as an embedder makes it: its service's name. */
  public static final class BuildsATopology implements Callable<Object> {
    @Override
    public Object call() {
      Topology t = Topology.builder("embedded")
          .backend("app", "127.0.0.1:8080")
          .service(Service.builder("front").listen("127.0.0.1:0").forward("app"))
          .build();
      return t.services().get(0).name();
    }
  }

  /** Loading a file's text: fails without Jackson. */
  public static final class LoadsYaml implements Callable<Object> {
    @Override
    public Object call() {
      return TopologyLoader.read("name: t\n", "tproxy.yaml", false, null);
    }
  }
}
