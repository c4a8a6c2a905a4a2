package dev.tproxy.model.internal.load;

import dev.tproxy.model.SourceLocation;
import dev.tproxy.model.internal.validate.Paths;
import java.util.HashMap;
import java.util.Map;

/**
 * Where each path of a parsed file was written. A path that is not in the file (a missing key)
 * falls back to its nearest written ancestor, which is where the key should go.
 */
public final class SourceMap {
  private final Map<String, SourceLocation> locations = new HashMap<>();
  private final SourceLocation fileStart;

  private SourceMap(SourceLocation fileStart) {
    this.fileStart = fileStart;
  }

  public static SourceMap of(Node root, String fileName) {
    SourceMap m = new SourceMap(new SourceLocation(fileName, 1, 1));
    m.walk(root, "");
    return m;
  }

  private void walk(Node n, String path) {
    locations.putIfAbsent(path, n.location());
    if (n instanceof Node.MapNode map) {
      for (Node.Entry e : map.entries().values()) {
        String child = Paths.field(path, e.key());
        // A field points at its key: that is the line a reader looks for.
        locations.put(child, e.keyLocation());
        walk(e.value(), child);
      }
    } else if (n instanceof Node.ListNode list) {
      for (int i = 0; i < list.items().size(); i++) {
        walk(list.items().get(i), Paths.index(path, i));
      }
    }
  }

  public SourceLocation locate(String path) {
    String p = path;
    while (true) {
      SourceLocation l = locations.get(p);
      if (l != null) {
        return l;
      }
      if (p.isEmpty()) {
        return fileStart;
      }
      p = parent(p);
    }
  }

  static String parent(String path) {
    int dot = path.lastIndexOf('.');
    int bracket = path.lastIndexOf('[');
    int cut = Math.max(dot, bracket);
    return cut < 0 ? "" : path.substring(0, cut);
  }
}
