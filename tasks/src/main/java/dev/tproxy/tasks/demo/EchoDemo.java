package dev.tproxy.tasks.demo;

import dev.tproxy.model.SocketEndpoint;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** Greets each connection with its name and the client's address, then echoes what it reads. */
final class EchoDemo implements DemoServerHandle {
  private final ServerSocket socket;
  private final Thread acceptor;

  private EchoDemo(ServerSocket socket, String name) {
    this.socket = socket;
    this.acceptor = new Thread(() -> acceptLoop(name), "tproxy-demo-echo-" + name);
    acceptor.setDaemon(true);
    acceptor.start();
  }

  static EchoDemo start(String name, InetSocketAddress address) throws IOException {
    ServerSocket s = new ServerSocket();
    s.setReuseAddress(true);
    s.bind(address, 64);
    return new EchoDemo(s, name);
  }

  private void acceptLoop(String name) {
    while (!socket.isClosed()) {
      try {
        Socket c = socket.accept();
        Thread t = new Thread(() -> serve(c, name), "tproxy-demo-echo-conn");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private static void serve(Socket c, String name) {
    try (c; InputStream in = c.getInputStream(); OutputStream out = c.getOutputStream()) {
      InetSocketAddress peer = (InetSocketAddress) c.getRemoteSocketAddress();
      out.write(("hello from " + name + " (a tproxy demo backend); you came from "
          + SocketEndpoint.of(peer).toString() + "\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
      in.transferTo(out);
    } catch (IOException e) {
      // the client went away; nothing to report for a demo
    }
  }

  @Override
  public String description() {
    return "echo demo (greets, then echoes)";
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // closing a listening socket does not fail in a way that matters here
    }
  }
}
