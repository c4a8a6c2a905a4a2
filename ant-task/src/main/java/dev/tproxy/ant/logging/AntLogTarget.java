package dev.tproxy.ant.logging;

import org.apache.tools.ant.Task;

/**
 * The Ant task whose log receives SLF4J's lines (the runtime's connection lines and warnings)
 * while it runs. SLF4J's provider is one per class loader, so this is too: the tasks attach
 * themselves for the time they run and detach after.
 */
public final class AntLogTarget {
  private static volatile Task current;

  private AntLogTarget() {}

  /** @return the task attached before, to give back to {@link #detach(Task)} */
  public static Task attach(Task task) {
    Task before = current;
    current = task;
    return before;
  }

  public static void detach(Task before) {
    current = before;
  }

  static Task current() {
    return current;
  }
}
