package dev.tproxy.tasks.demo;

import dev.tproxy.model.SocketEndpoint;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLContext;

/**
 * An HTTP(S) stand-in from the JDK's built-in server: every request gets a short page naming the
 * backend and the client address it saw, which shows whether transparency worked.
 */
final class HttpDemo implements DemoServerHandle {
  private final HttpServer server;
  private final String description;

  private HttpDemo(HttpServer server, String description) {
    this.server = server;
    this.description = description;
  }

  /** @param clientHostPort where clients reach it (through the topology's front door) */
  static HttpDemo http(String name, InetSocketAddress address, String clientHostPort) throws IOException {
    HttpServer s = HttpServer.create(address, 64);
    return start(s, name, "http demo, try: curl http://" + clientHostPort + "/");
  }

  static HttpDemo https(String name, InetSocketAddress address, SSLContext tls) throws IOException {
    HttpsServer s = HttpsServer.create(address, 64);
    s.setHttpsConfigurator(new HttpsConfigurator(tls));
    return start(s, name, "https demo (certificate for localhost from the demo CA)");
  }

  private static HttpDemo start(HttpServer s, String name, String description) {
    s.createContext("/", exchange -> answer(exchange, name));
    s.start();
    return new HttpDemo(s, description);
  }

  private static void answer(HttpExchange exchange, String name) throws IOException {
    String body = "hello from " + name + " (a tproxy demo backend)\n"
        + "you came from " + exchange.getRemoteAddress().getAddress().getHostAddress() + ":" + exchange.getRemoteAddress().getPort() + "\n"
        + "request: " + exchange.getRequestMethod() + " " + exchange.getRequestURI() + "\n";
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    exchange.sendResponseHeaders(200, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }


  @Override
  public String description() {
    return description;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
