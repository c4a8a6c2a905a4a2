package dev.tproxy.runtime.soak;

import dev.tproxy.model.EngineKind;
import dev.tproxy.model.Probe;
import dev.tproxy.model.Service;
import dev.tproxy.model.Topology;
import dev.tproxy.runtime.RuntimeOptions;
import dev.tproxy.runtime.TproxyRuntime;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Churns connections through the runtime as the reliability review did: valid, fragmented,
 * half-closed, malformed and silent first flights, many at once, through a demux front and an
 * sni-route behind it, to backends that answer and close at once. Every connection must end
 * within its bound; one that does not is a stall. Writes a report that {@code ChurnSoakIT} (and a
 * person running the long soak) reads:
 *
 * <pre>
 * java -cp ... dev.tproxy.runtime.soak.ChurnSoak CONNECTIONS CONCURRENCY REPORT_FILE
 * </pre>
 *
 * Clients and backends use NIO event loops, so the runtime's are the only epoll ones under test.
 */
public final class ChurnSoak {
  /** A connection that has not ended by then has stalled: far above any route's own time. */
  static final Duration BOUND = Duration.ofSeconds(10);
  static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

  private final int connections;
  private final int concurrency;
  private final EventLoopGroup clients = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final EventLoopGroup backends = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final Map<String, Map<String, LongAdder>> outcomes = new ConcurrentHashMap<>();
  private final Map<String, String> expected = new ConcurrentHashMap<>();
  private final List<String> stalls = java.util.Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger maxMillis = new AtomicInteger();

  ChurnSoak(int connections, int concurrency) {
    this.connections = connections;
    this.concurrency = concurrency;
  }

  public static void main(String[] args) throws Exception {
    int n = Integer.parseInt(args[0]);
    int concurrency = Integer.parseInt(args[1]);
    Path report = Path.of(args[2]);
    new ChurnSoak(n, concurrency).run(report);
  }

  void run(Path reportFile) throws Exception {
    Map<String, InetSocketAddress> backendAddresses = new TreeMap<>();
    List<Channel> servers = new ArrayList<>();
    for (String name : List.of("ssh", "http", "any", "tls-a", "tls-default")) {
      servers.add(startBackend(name, false, backendAddresses));
    }
    servers.add(startBackend("timeout", true, backendAddresses));
    TproxyRuntime runtime = TproxyRuntime.start(topology(backendAddresses), RuntimeOptions.builder()
        .ioThreads(Integer.getInteger("tproxy.soak.ioThreads", 0))
        .drainTimeout(Duration.ofMillis(200)).build());
    StringBuilder report = new StringBuilder();
    try {
      // Half the connections through a front that relays half-closes (nginx proxy_half_close),
      // half through one that closes the pair at the first end of data (sslh).
      List<InetSocketAddress> fronts = List.of(runtime.boundAddress("front"), runtime.boundAddress("front-no-half-close"));
      List<Scenario> scenarios = Scenario.all();
      long t0 = System.nanoTime();
      long heapAfterWarmup = -1;
      Semaphore open = new Semaphore(concurrency);
      int warmup = Math.max(1, connections / 10);
      for (int i = 0; i < connections; i++) {
        if (i == warmup) {
          open.acquire(concurrency); // all warm-up connections ended
          heapAfterWarmup = heapAfterGc();
          open.release(concurrency);
        }
        open.acquire();
        Scenario s = scenarios.get(i % scenarios.size());
        InetSocketAddress front = fronts.get((i / scenarios.size()) % 2);
        if (front == fronts.get(1)) {
          s = s.halfCloses() ? s.withoutAnswer("no-half-close") : s.at("no-half-close");
        }
        connect(front, s, open);
      }
      open.acquire(concurrency);
      double seconds = (System.nanoTime() - t0) / 1e9;
      long heapAtEnd = heapAfterGc();
      report.append("connections ").append(connections).append('\n');
      report.append("concurrency ").append(concurrency).append('\n');
      report.append("seconds ").append(String.format("%.1f", seconds)).append('\n');
      report.append("stalls ").append(stalls.size()).append('\n');
      report.append("slowest-ms ").append(maxMillis.get()).append('\n');
      report.append("heap-after-warmup ").append(heapAfterWarmup).append('\n');
      report.append("heap-at-end ").append(heapAtEnd).append('\n');
      List<String> wrong = new ArrayList<>();
      new TreeMap<>(outcomes).forEach((scenario, byOutcome) -> {
        StringBuilder line = new StringBuilder("outcome ").append(scenario).append(" expected ").append(expected.get(scenario)).append(':');
        new TreeMap<>(byOutcome).forEach((o, c) -> line.append(' ').append(o).append('=').append(c.sum()));
        report.append(line).append('\n');
        String want = expected.get(scenario);
        boolean ok = switch (want) {
          case Scenario.ANY -> true;
          case Scenario.SAME_EVERY_TIME -> byOutcome.size() == 1;
          default -> byOutcome.keySet().equals(java.util.Set.of(want));
        };
        if (!ok) {
          wrong.add(line.toString());
        }
      });
      report.append("wrong-outcomes ").append(wrong.size()).append('\n');
      synchronized (stalls) {
        stalls.stream().limit(50).forEach(s -> report.append("stall ").append(s).append('\n'));
      }
    } finally {
      runtime.close();
      servers.forEach(Channel::close);
      clients.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
      backends.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }
    Files.writeString(reportFile, report.toString(), StandardCharsets.UTF_8);
    PrintStream out = System.out;
    out.print(report);
  }

  private static long heapAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static Topology topology(Map<String, InetSocketAddress> backends) {
    Topology.Builder t = Topology.builder("soak");
    backends.forEach((name, a) -> t.backend(name, "127.0.0.1:" + a.getPort()));
    return t
        .service(demuxFront("front", true))
        .service(demuxFront("front-no-half-close", false))
        .service(Service.builder("sni-router").listen("127.0.0.1:0").engine(EngineKind.TPROXY).halfClose(true)
            .sniRoute("tls-default", r -> r.serverNames("tls-a", "a.test")))
        .build();
  }

  /** The soak's demux: ssh, HTTP, TLS (on to the sni-router) and the rest, each to its backend. */
  private static Service demuxFront(String name, boolean halfClose) {
    return Service.builder(name).listen("127.0.0.1:0").engine(EngineKind.TPROXY).halfClose(halfClose)
        .demux(d -> d.rule(Probe.SSH, "ssh")
            .rule(Probe.HTTP, "http")
            .rule(Probe.TLS, "sni-router")
            .rule(Probe.ANYPROT, "any")
            .probeTimeout(PROBE_TIMEOUT)
            .onTimeout("timeout"))
        .build();
  }

  /** A backend that answers its name and closes: at the first bytes, or at once if {@code onConnect}. */
  private Channel startBackend(String name, boolean onConnect, Map<String, InetSocketAddress> addresses)
      throws InterruptedException {
    byte[] answer = (name + "\n").getBytes(StandardCharsets.US_ASCII);
    Channel server = new ServerBootstrap().group(backends).channel(NioServerSocketChannel.class)
        .option(ChannelOption.SO_BACKLOG, 1024)
        .childHandler(new Backend(answer, onConnect))
        .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
    addresses.put(name, (InetSocketAddress) server.localAddress());
    return server;
  }

  /** Stateless: one instance serves every connection of a backend. */
  @ChannelHandler.Sharable
  private static final class Backend extends ChannelInboundHandlerAdapter {
    private final byte[] answer;
    private final boolean onConnect;

    Backend(byte[] answer, boolean onConnect) {
      this.answer = answer;
      this.onConnect = onConnect;
    }

          @Override
          public void channelActive(ChannelHandlerContext ctx) {
            if (onConnect) {
              ctx.writeAndFlush(Unpooled.wrappedBuffer(answer)); // then waits for the client to leave
            }
          }

          @Override
          public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
            if (!onConnect && ctx.channel().isActive()) {
              ctx.writeAndFlush(Unpooled.wrappedBuffer(answer)).addListener(ChannelFutureListener.CLOSE);
            }
          }

          @Override
          public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
          }
  }

  private void connect(InetSocketAddress front, Scenario scenario, Semaphore open) {
    expected.putIfAbsent(scenario.name(), scenario.expected());
    Client client = new Client(scenario, open);
    new Bootstrap().group(clients).channel(NioSocketChannel.class)
        .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) BOUND.toMillis())
        .handler(client)
        .connect(front).addListener((ChannelFutureListener) f -> {
          if (!f.isSuccess()) {
            client.end("connect failed: " + f.cause().getClass().getSimpleName());
          }
        });
  }

  /** One client connection: sends its scenario's steps, reads the first line of the answer. */
  private final class Client extends ChannelInboundHandlerAdapter {
    private final Scenario scenario;
    private final Semaphore open;
    private final long start = System.nanoTime();
    private final StringBuilder answer = new StringBuilder();
    private boolean ended;
    private ScheduledFuture<?> bound;

    Client(Scenario scenario, Semaphore open) {
      this.scenario = scenario;
      this.open = open;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      bound = ctx.executor().schedule(() -> {
        if (!ended) {
          stalls.add(scenario.name() + " after " + BOUND.toMillis() + " ms, answer so far \"" + answer + "\", "
              + ctx.channel().localAddress() + " -> " + ctx.channel().remoteAddress());
          end("STALLED");
          ctx.close();
        }
      }, BOUND.toMillis(), TimeUnit.MILLISECONDS);
      step(ctx, 0);
    }

    private void step(ChannelHandlerContext ctx, int index) {
      if (index >= scenario.steps().size() || !ctx.channel().isActive()) {
        return;
      }
      Scenario.Step s = scenario.steps().get(index);
      if (s instanceof Scenario.Send send) {
        ctx.writeAndFlush(Unpooled.wrappedBuffer(send.bytes()));
        step(ctx, index + 1);
      } else if (s instanceof Scenario.Pause pause) {
        ctx.executor().schedule(() -> step(ctx, index + 1), pause.millis(), TimeUnit.MILLISECONDS);
      } else if (s instanceof Scenario.HalfClose) {
        ((SocketChannel) ctx.channel()).shutdownOutput();
        step(ctx, index + 1);
      } else if (s instanceof Scenario.Close) {
        end("left");
        ctx.close();
      }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ByteBuf b = (ByteBuf) msg;
      answer.append(b.toString(StandardCharsets.US_ASCII));
      b.release();
      int nl = answer.indexOf("\n");
      if (nl >= 0) {
        end(answer.substring(0, nl));
        ctx.close();
      }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      if (evt == ChannelInputShutdownEvent.INSTANCE) {
        end(answer.length() == 0 ? "closed" : "partial");
        ctx.close();
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      end(cause instanceof IOException && String.valueOf(cause.getMessage()).contains("reset") ? "reset" : "error " + cause);
      ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      end(answer.length() == 0 ? "closed" : "partial");
    }

    void end(String outcome) {
      if (ended) {
        return;
      }
      ended = true;
      if (bound != null) {
        bound.cancel(false); // a pending timer would keep the whole connection on the heap
      }
      int millis = (int) ((System.nanoTime() - start) / 1_000_000);
      maxMillis.accumulateAndGet(millis, Math::max);
      outcomes.computeIfAbsent(scenario.name(), k -> new ConcurrentHashMap<>())
          .computeIfAbsent(outcome, k -> new LongAdder()).increment();
      open.release();
    }
  }
}
