package dev.tproxy.it.support;

import dev.tproxy.runtime.testing.NetnsTestBed;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Waits until a program listens on a TCP address, in a namespace (null: this one). */
public final class Listening {
  private Listening() {}

  public static void await(String namespace, String hostPort, String what) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    String sockets = "";
    while (System.nanoTime() < deadline) {
      List<String> cmd = new ArrayList<>();
      if (namespace != null) {
        cmd.addAll(List.of("ip", "netns", "exec", namespace));
      }
      cmd.addAll(List.of("ss", "-Hltn"));
      sockets = NetnsTestBed.run(cmd.toArray(String[]::new));
      if (sockets.contains(" " + hostPort + " ")) {
        return;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
    throw new AssertionError(what + " did not listen on " + hostPort + " within 20 s; listening:\n" + sockets);
  }
}
