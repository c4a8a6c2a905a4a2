package dev.tproxy.runtime;

import dev.tproxy.model.EngineKind;
import dev.tproxy.model.Service;
import dev.tproxy.model.Topology;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a forward topology with a connection listener and one connection through it: loaded by
 * {@link MicrometerIsOptionalTest} in a class loader without Micrometer. Plain JDK and runtime
 * classes only, so that the class loader holds nothing it does not need.
 */
public final class RunsWithoutMicrometer {
  private RunsWithoutMicrometer() {}

  /** Returns the connection's log line, made from its event. */
  public static String run() throws Exception {
    try (ServerSocket backend = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
      Thread echo = new Thread(() -> {
        try (Socket s = backend.accept()) {
          s.getInputStream().transferTo(s.getOutputStream());
        } catch (Exception e) {
          // the test fails on the client's side
        }
      });
      echo.setDaemon(true);
      echo.start();
      Topology t = Topology.builder("no-micrometer")
          .backend("echo", "127.0.0.1:" + backend.getLocalPort())
          .service(Service.builder("front").listen("127.0.0.1:0").engine(EngineKind.TPROXY).forward("echo"))
          .build();
      CompletableFuture<ConnectionEvent> event = new CompletableFuture<>();
      RuntimeOptions options = RuntimeOptions.builder().transport(TransportKind.NIO)
          .drainTimeout(Duration.ofMillis(100)).connectionListener(event::complete).build();
      try (TproxyRuntime runtime = TproxyRuntime.start(t, options);
          Socket client = new Socket(InetAddress.getLoopbackAddress(), runtime.boundAddress("front").getPort())) {
        client.setSoTimeout(10_000);
        OutputStream out = client.getOutputStream();
        out.write("ping".getBytes(StandardCharsets.US_ASCII));
        InputStream in = client.getInputStream();
        String echoed = new String(in.readNBytes(4), StandardCharsets.US_ASCII);
        if (!echoed.equals("ping")) {
          throw new IllegalStateException("echoed \"" + echoed + "\"");
        }
        client.close();
        return event.get(10, TimeUnit.SECONDS).toLogLine();
      }
    }
  }
}
