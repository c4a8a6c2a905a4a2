package dev.tproxy.pem;

import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.security.PrivateKey;
import org.slf4j.LoggerFactory;

/**
 * This module's classes in a class loader of their own that sees the JDK and SLF4J only: what an
 * embedder without BouncyCastle runs. Optional dependencies are on a module's own test class path,
 * so this is how a test sees the reader without them.
 */
final class IsolatedPemReader implements AutoCloseable {
  private final URLClassLoader loader;

  IsolatedPemReader() {
    URL classes = PemReader.class.getProtectionDomain().getCodeSource().getLocation();
    URL slf4j = LoggerFactory.class.getProtectionDomain().getCodeSource().getLocation();
    loader = new URLClassLoader(new URL[] {classes, slf4j}, ClassLoader.getPlatformClassLoader());
  }

  boolean seesBouncyCastle() {
    try {
      loader.loadClass("org.bouncycastle.jce.provider.BouncyCastleProvider");
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  /** {@link PemReader#readPrivateKey} of the isolated classes; "" for no passphrase. */
  PrivateKey readPrivateKey(Path file, String passphrase) throws Exception {
    Class<?> source = loader.loadClass("dev.tproxy.pem.PassphraseSource");
    Object s = passphrase.isEmpty()
        ? source.getMethod("none").invoke(null)
        : source.getMethod("of", char[].class).invoke(null, (Object) passphrase.toCharArray());
    Class<?> reader = loader.loadClass("dev.tproxy.pem.PemReader");
    if (reader == PemReader.class) {
      throw new AssertionError("the reader was not isolated");
    }
    try {
      return (PrivateKey) reader.getMethod("readPrivateKey", Path.class, source).invoke(null, file, s);
    } catch (InvocationTargetException e) {
      throw (Exception) e.getCause();
    }
  }

  @Override
  public void close() throws java.io.IOException {
    loader.close();
  }
}
