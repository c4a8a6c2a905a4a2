package dev.tproxy.model.internal.load;

import dev.tproxy.model.Backend;
import dev.tproxy.model.BackendAddress;
import dev.tproxy.model.CertificateAccess;
import dev.tproxy.model.CertificateEntry;
import dev.tproxy.model.ClientAuth;
import dev.tproxy.model.ClientTool;
import dev.tproxy.model.Demux;
import dev.tproxy.model.Durations;
import dev.tproxy.model.Engine;
import dev.tproxy.model.EngineKind;
import dev.tproxy.model.FallbackDevice;
import dev.tproxy.model.Forward;
import dev.tproxy.model.HostPort;
import dev.tproxy.model.IpPrefix;
import dev.tproxy.model.Network;
import dev.tproxy.model.Probe;
import dev.tproxy.model.ProbeRule;
import dev.tproxy.model.ProxyProtocol;
import dev.tproxy.model.ProxyProtocolVersion;
import dev.tproxy.model.RoutingTable;
import dev.tproxy.model.Service;
import dev.tproxy.model.SniRoute;
import dev.tproxy.model.SniRule;
import dev.tproxy.model.SocketEndpoint;
import dev.tproxy.model.SshClient;
import dev.tproxy.model.Stage;
import dev.tproxy.model.StageKind;
import dev.tproxy.model.Target;
import dev.tproxy.model.TlsProtocol;
import dev.tproxy.model.TlsSession;
import dev.tproxy.model.TlsTerminate;
import dev.tproxy.model.TransparentBind;
import dev.tproxy.model.Topology;
import dev.tproxy.model.Version;
import dev.tproxy.model.VerifyMode;
import dev.tproxy.model.internal.validate.Findings;
import dev.tproxy.model.internal.validate.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Maps the parsed file onto the model. The file format's keys are kebab-case; every key is read
 * here and nowhere else, and the JSON schema (topology.schema.json) lists the same keys.
 */
public final class TopologyBinder {

  private static final String STAGES =
      dev.tproxy.model.FileId.list(StageKind.class);

  private final Findings f;
  private final java.nio.file.Path baseDir;

  private TopologyBinder(Findings f, java.nio.file.Path baseDir) {
    this.f = f;
    this.baseDir = baseDir;
  }

  /**
   * @param baseDir the topology file's directory: relative paths of files on the proxy host are
   *     resolved against it (null leaves them relative, and validation refuses them)
   */
  public static Topology bind(Node root, Findings f, java.nio.file.Path baseDir) {
    return new TopologyBinder(f, baseDir).topology(root);
  }

  private Topology topology(Node root) {
    Optional<Fields> o = Fields.of(root, "", "a topology", f, baseDir);
    if (o.isEmpty()) {
      return new Topology(null, List.of(), List.of(), null, null, List.of());
    }
    Fields r = o.get();
    r.text("$schema"); // editors' schema hint in JSON files: its value is theirs
    String name = r.text("name").orElse(null);
    List<Service> services = items(r, "services", this::service);
    List<Backend> backends = items(r, "backends", this::backend);
    Network network = r.object("network", "network").map(this::network).orElse(Network.NONE);
    CertificateAccess access =
        r.object("certificate-access", "certificate-access").map(this::certificateAccess).orElse(CertificateAccess.NONE);
    List<SshClient> clients = items(r, "clients", this::client);
    r.finish();
    return new Topology(name, services, backends, network, access, clients);
  }

  private <T> List<T> items(Fields parent, String key, Function<Fields, T> each) {
    List<Node> nodes = parent.list(key);
    List<T> out = new ArrayList<>();
    for (int i = 0; i < nodes.size(); i++) {
      String what = key.endsWith("s") ? key.substring(0, key.length() - 1) : key;
      // A broken item still takes its index, so later diagnostics keep the file's numbering.
      out.add(Fields.of(nodes.get(i), Paths.index(parent.path(key), i), "a " + what, f, baseDir).map(each).orElse(null));
    }
    return out;
  }

  private Service service(Fields s) {
    String name = s.text("name").orElse(null);
    List<SocketEndpoint> listen = s.parsedList("listen", SocketEndpoint::parse);
    Engine engine = engine(s);
    boolean transparent = s.bool("transparent").orElse(false);
    Optional<Duration> connect = s.parsed("connect-timeout", Durations::parse);
    Optional<Duration> idle = s.parsed("idle-timeout", Durations::parse);
    ProxyProtocol pp = s.object("proxy-protocol", "proxy-protocol").map(this::proxyProtocol).orElse(ProxyProtocol.NONE);
    OptionalInt max = s.integer("max-connections").map(OptionalInt::of).orElse(OptionalInt.empty());
    boolean halfClose = s.bool("half-close").orElse(false);
    Optional<TransparentBind> bind = s.choice("transparent-bind", TransparentBind.class);
    Stage stage = stage(s);
    s.finish();
    return new Service(name, listen, engine, transparent, connect, idle, pp, max, halfClose, bind, stage);
  }

  private Engine engine(Fields s) {
    Optional<EngineKind> kind = s.choice("engine", EngineKind.class);
    Optional<Version> version = s.parsed("engine-version", Version::parse);
    if (version.isPresent() && !s.has("engine")) {
      f.error(s.path("engine-version"), "engine-version without engine", "name the engine too, e.g. engine: sslh");
    }
    EngineKind k = kind.orElse(EngineKind.TPROXY);
    return new Engine(k, version.orElse(k.defaultVersion()));
  }

  private ProxyProtocol proxyProtocol(Fields p) {
    boolean accept = p.bool("accept").orElse(false);
    List<IpPrefix> trusted = p.parsedList("trusted", IpPrefix::parse);
    Optional<ProxyProtocolVersion> send = p.choice("send", ProxyProtocolVersion.class);
    if (!trusted.isEmpty() && !accept) {
      f.warning(p.path("trusted"), "trusted peers only matter with accept: true", "");
    }
    Optional<Duration> timeout = p.parsed("timeout", Durations::parse);
    p.finish();
    return new ProxyProtocol(accept, trusted, send, timeout);
  }

  private Stage stage(Fields s) {
    List<String> written = s.writtenKeys();
    List<StageKind> given = Arrays.stream(StageKind.values()).filter(k -> s.has(k.id()))
        .sorted(java.util.Comparator.comparingInt(k -> written.indexOf(k.id())))
        .toList();
    if (given.isEmpty()) {
      f.error(s.path(), "no stage", "give exactly one of " + STAGES);
      return null;
    }
    if (given.size() > 1) {
      f.error(s.path(given.get(1).id()),
          "a service has exactly one stage, this one has " + given.stream().map(StageKind::id).collect(Collectors.joining(" and ")),
          "split it into two services and let one target the other");
    }
    StageKind kind = given.get(0);
    Optional<Fields> o = s.object(kind.id(), kind.id());
    if (o.isEmpty()) {
      return null;
    }
    Fields st = o.get();
    Stage stage = switch (kind) {
      case DEMUX -> demux(st);
      case SNI_ROUTE -> sniRoute(st);
      case TLS_TERMINATE -> tlsTerminate(st);
      case FORWARD -> new Forward(target(st, "target"));
    };
    st.finish();
    return stage;
  }

  private Target target(Fields o, String key) {
    return o.text(key).map(Target::of).orElse(null);
  }

  private Demux demux(Fields d) {
    List<ProbeRule> rules = items(d, "rules", this::probeRule);
    Optional<Duration> timeout = d.parsed("probe-timeout", Durations::parse);
    Optional<Target> onTimeout = d.text("on-timeout").map(Target::of);
    return new Demux(rules, timeout, onTimeout);
  }

  private ProbeRule probeRule(Fields r) {
    Probe probe = r.choice("probe", Probe.class).orElse(null);
    Target target = target(r, "target");
    List<String> sni = r.textList("sni");
    List<String> alpn = r.textList("alpn");
    List<String> patterns = r.textList("patterns");
    OptionalInt min = r.integer("min-length").map(OptionalInt::of).orElse(OptionalInt.empty());
    OptionalInt max = r.integer("max-connections").map(OptionalInt::of).orElse(OptionalInt.empty());
    r.finish();
    return new ProbeRule(probe, target, sni, alpn, patterns, min, max);
  }

  private SniRoute sniRoute(Fields s) {
    List<SniRule> rules = items(s, "rules", r -> {
      SniRule rule = new SniRule(r.textList("server-names"), r.textList("alpn"), target(r, "target"),
          r.integer("max-connections").map(OptionalInt::of).orElse(OptionalInt.empty()));
      r.finish();
      return rule;
    });
    Target def = target(s, "default");
    Optional<Duration> timeout = s.parsed("preread-timeout", Durations::parse);
    OptionalInt buffer = s.size("preread-buffer")
        .map(b -> OptionalInt.of((int) Math.min(Integer.MAX_VALUE, b))).orElse(OptionalInt.empty());
    return new SniRoute(rules, def, timeout, buffer);
  }

  private TlsTerminate tlsTerminate(Fields t) {
    List<CertificateEntry> certs = items(t, "certificates", c -> {
      CertificateEntry e = new CertificateEntry(
          c.textList("server-names"),
          c.filePath("certificate").orElse(null),
          c.filePath("key").orElse(null),
          c.filePath("password-file"));
      c.finish();
      return e;
    });
    List<TlsProtocol> protocols = t.parsedList("protocols", p -> TlsProtocol.fromId(p).orElseThrow(
        () -> new IllegalArgumentException("unknown TLS protocol \"" + p + "\"; known: "
            + dev.tproxy.model.FileId.list(TlsProtocol.class))));
    if (t.has("protocols") && protocols.isEmpty() && t.list("protocols").isEmpty()) {
      f.error(t.path("protocols"), "no protocol is allowed", "leave protocols out for TLSv1.2 and TLSv1.3");
    }
    List<String> ciphers = t.textList("ciphers");
    TlsSession session = t.object("session", "session").map(this::session).orElse(TlsSession.DEFAULT);
    ClientAuth auth = t.object("client-auth", "client-auth").map(this::clientAuth).orElse(ClientAuth.NONE);
    Optional<Duration> handshake = t.parsed("handshake-timeout", Durations::parse);
    Target target = target(t, "target");
    return new TlsTerminate(certs, protocols, ciphers, session, auth, handshake, target);
  }

  private TlsSession session(Fields s) {
    long cache = s.size("cache").orElse(TlsSession.DEFAULT.cacheSize());
    Duration timeout = s.parsed("timeout", Durations::parse).orElse(TlsSession.DEFAULT.timeout());
    boolean tickets = s.bool("tickets").orElse(TlsSession.DEFAULT.tickets());
    s.finish();
    return new TlsSession(cache, timeout, tickets);
  }

  private ClientAuth clientAuth(Fields c) {
    // A string only: YAML 1.2 reads a bare on/off as text, and true/false are not modes.
    VerifyMode mode = c.choice("verify", VerifyMode.class).orElse(VerifyMode.ON);
    Optional<java.nio.file.Path> ca = c.filePath("ca");
    c.finish();
    return new ClientAuth(mode, ca);
  }

  private Backend backend(Fields b) {
    String name = b.text("name").orElse(null);
    List<BackendAddress> given = new ArrayList<>();
    b.parsed("address", SocketEndpoint::parse).ifPresent(e -> given.add(new BackendAddress.Tcp(e)));
    b.filePath("unix").ifPresent(p -> given.add(new BackendAddress.Unix(p)));
    b.bool("in-process").ifPresent(in -> {
      if (in) {
        given.add(new BackendAddress.InProcess());
      }
    });
    Optional<dev.tproxy.model.DemoServer> demo = b.choice("demo", dev.tproxy.model.DemoServer.class);
    int written = (int) java.util.stream.Stream.of("address", "unix", "in-process").filter(b::has).count();
    if (written > 1) {
      f.error(b.path(), "a backend has one of address, unix and in-process, this one has " + written, "");
    }
    b.finish();
    return new Backend(name, given.isEmpty() ? null : given.get(0), demo);
  }

  private Network network(Fields n) {
    String method = n.requiredText("method", "method: dedicated-address (recommended) or fwmark");
    Network result;
    if ("dedicated-address".equals(method)) {
      result = new Network.DedicatedAddress(
          n.text("interface").orElse(null),
          n.parsed("address", IpPrefix::parse).orElse(null),
          n.parsed("address6", IpPrefix::parse),
          n.object("table", "table").map(this::table).orElse(null),
          n.choice("fallback-device", FallbackDevice.class).orElse(FallbackDevice.NONE));
    } else if ("fwmark".equals(method)) {
      // A number: YAML writes 0x1 or 1, JSON 1. The range is NetworkRules'.
      long mark = n.wholeNumber("mark", Long.MIN_VALUE, Long.MAX_VALUE).orElse(0L);
      result = new Network.Fwmark(mark, n.object("table", "table").map(this::table).orElse(null));
    } else if ("none".equals(method)) {
      result = Network.NONE;
    } else {
      if (method != null) {
        f.error(n.path("method"), "unknown method \"" + method + "\"", "dedicated-address, fwmark or none");
      }
      result = Network.NONE;
    }
    n.finish();
    return result;
  }

  private RoutingTable table(Fields t) {
    Integer id = t.integer("id").orElse(null);
    if (!t.has("id")) {
      f.error(t.path(), "id is missing", "a number from 1 to 252, e.g. 111");
    }
    String name = t.text("name").orElse(null);
    t.finish();
    return new RoutingTable(id == null ? 0 : id, name);
  }

  private CertificateAccess certificateAccess(Fields c) {
    CertificateAccess a = new CertificateAccess(c.parsedList("paths", c::hostPath), c.textList("users"));
    if (a.isEmpty() && c.findings().all().stream().noneMatch(d -> d.path().startsWith(c.path()))) {
      // Validation skips an empty section (the model cannot tell it from none): say it here.
      f.error(c.path(), "certificate-access names no certificate store and no user",
          "give paths: [...] and users: [...], or remove certificate-access");
    }
    c.finish();
    return a;
  }

  private SshClient client(Fields c) {
    String host = c.text("host").orElse(null);
    String service = c.text("service").orElse(null);
    HostPort connect = c.parsed("connect", HostPort::parse).orElse(null);
    Optional<HostPort> proxy = c.parsed("proxy", HostPort::parse);
    Optional<String> sni = c.text("sni");
    Optional<java.nio.file.Path> cert = c.clientPath("certificate");
    Optional<java.nio.file.Path> key = c.clientPath("key");
    Optional<java.nio.file.Path> ca = c.clientPath("ca");
    ClientTool tool = c.choice("tool", ClientTool.class).orElse(ClientTool.OPENSSL);
    Version toolVersion = c.parsed("tool-version", Version::parse).orElse(null);
    Duration alive = c.parsed("server-alive-interval", Durations::parse).orElse(null);
    c.finish();
    return new SshClient(host, service == null ? null : Target.of(service), connect, proxy, sni, cert, key, ca,
        tool, toolVersion, alive);
  }
}
