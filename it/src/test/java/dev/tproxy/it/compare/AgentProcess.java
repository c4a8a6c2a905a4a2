package dev.tproxy.it.compare;

import dev.tproxy.runtime.testing.NetnsTestBed;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A {@link TrafficAgent} JVM inside a namespace of the test bed, driven one line at a time. */
final class AgentProcess {
  private final Process process;
  private final Writer in;
  private final BufferedReader out;
  private final String namespace;

  private AgentProcess(Process process, String namespace) {
    this.process = process;
    this.namespace = namespace;
    this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
  }

  static AgentProcess start(NetnsTestBed bed, String namespace) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = bed.start(namespace, java, "-cp", System.getProperty("java.class.path"),
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=info", TrafficAgent.class.getName());
    AgentProcess a = new AgentProcess(p, namespace);
    a.expectReady();
    return a;
  }

  private void expectReady() {
    String first = readLine(60);
    if (!"OK ready".equals(first)) {
      throw new AssertionError("the agent in " + namespace + " did not start: " + first);
    }
  }

  /** Sends a command and returns what follows "OK "; an ERR answer fails the test. */
  String call(String command) {
    try {
      in.write(command + "\n");
      in.flush();
    } catch (IOException e) {
      throw new AssertionError("the agent in " + namespace + " is gone", e);
    }
    String answer = readLine(60);
    if (answer == null || !answer.startsWith("OK ")) {
      throw new AssertionError("agent in " + namespace + ": " + command + " -> " + answer);
    }
    return answer.substring(3);
  }

  private String readLine(int seconds) {
    CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
      try {
        return out.readLine();
      } catch (IOException e) {
        return "ERR " + e;
      }
    });
    try {
      return line.get(seconds, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("no answer from the agent in " + namespace + " within " + seconds + " s", e);
    }
  }

  void quit() {
    call("quit");
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
