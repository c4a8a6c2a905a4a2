package dev.tproxy.model.internal.validate;

import dev.tproxy.model.Service;

/** Builds diagnostic paths in the file format's spelling, e.g. {@code services[1].demux}. */
public final class Paths {
  private Paths() {}

  public static String index(String base, int i) {
    return base + "[" + i + "]";
  }

  public static String field(String base, String name) {
    return base.isEmpty() ? name : base + "." + name;
  }

  public static String service(int i) {
    return index("services", i);
  }

  /** {@code services[i].<stage key>}, e.g. {@code services[0].sni-route}. */
  public static String stage(int i, Service s) {
    return field(service(i), s.stage().kind().id());
  }
}
