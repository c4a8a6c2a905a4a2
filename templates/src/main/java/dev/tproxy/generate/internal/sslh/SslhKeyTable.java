package dev.tproxy.generate.internal.sslh;

import dev.tproxy.model.Version;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The configuration keys each sslh dialect reads, with their types, taken from the sources:
 * {@code sslh-main.c} at v1.20 (every {@code config_lookup_*} call) and {@code sslhconf.cfg} at
 * v2.2.0 and v2.3.0. sslh 1.20 ignores an unknown key or a wrongly typed value silently and 2.x
 * only warns, so every generated file is checked against this table before it is returned.
 */
public final class SslhKeyTable {

  /** Where a key appears. */
  public enum Scope {
    GLOBAL("global"),
    LISTEN("listen entry"),
    PROTOCOL("protocols entry");

    private final String description;

    Scope(String description) {
      this.description = description;
    }
  }

  /** The libconfig type sslh reads a key with. */
  public enum Type {
    BOOL,
    INT,
    /** 1.20's {@code verbose}: read as a bool, else as an int. */
    BOOL_OR_INT,
    STRING,
    STRING_ARRAY,
    LIST_OF_GROUPS
  }

  private record Key(SslhDialect dialect, Scope scope, String name, Type type, Version since) {}

  private static final Version ALWAYS = Version.of(0, 0);
  private static final List<Key> KEYS = keys();

  private static List<Key> keys() {
    List<Key> keys = new ArrayList<>();
    SslhDialect d = SslhDialect.V1_20;
    for (String k : List.of("inetd", "foreground", "numeric", "transparent")) {
      key(keys, d, Scope.GLOBAL, k, Type.BOOL, ALWAYS);
    }
    key(keys, d, Scope.GLOBAL, "verbose", Type.BOOL_OR_INT, ALWAYS);
    key(keys, d, Scope.GLOBAL, "timeout", Type.INT, ALWAYS);
    for (String k : List.of("on-timeout", "user", "pidfile", "chroot", "syslog_facility")) {
      key(keys, d, Scope.GLOBAL, k, Type.STRING, ALWAYS);
    }
    key(keys, d, Scope.GLOBAL, "listen", Type.LIST_OF_GROUPS, ALWAYS);
    key(keys, d, Scope.GLOBAL, "protocols", Type.LIST_OF_GROUPS, ALWAYS);
    key(keys, d, Scope.LISTEN, "host", Type.STRING, ALWAYS);
    key(keys, d, Scope.LISTEN, "port", Type.STRING, ALWAYS);
    key(keys, d, Scope.LISTEN, "keepalive", Type.BOOL, ALWAYS);
    for (String k : List.of("name", "host", "port", "service")) {
      key(keys, d, Scope.PROTOCOL, k, Type.STRING, ALWAYS);
    }
    key(keys, d, Scope.PROTOCOL, "keepalive", Type.BOOL, ALWAYS);
    key(keys, d, Scope.PROTOCOL, "fork", Type.BOOL, ALWAYS);
    key(keys, d, Scope.PROTOCOL, "log_level", Type.INT, ALWAYS);
    for (String k : List.of("regex_patterns", "sni_hostnames", "alpn_protocols")) {
      key(keys, d, Scope.PROTOCOL, k, Type.STRING_ARRAY, ALWAYS);
    }

    d = SslhDialect.V2;
    Version v23 = Version.of(2, 3);
    key(keys, d, Scope.GLOBAL, "verbose", Type.INT, ALWAYS);
    for (String k : List.of("config", "config-error", "connections", "connections-try", "connections-error", "fd",
        "packets", "probe-info", "probe-error", "system-error", "int-error")) {
      key(keys, d, Scope.GLOBAL, "verbose-" + k, Type.INT, ALWAYS);
    }
    for (String k : List.of("version", "foreground", "inetd", "numeric", "transparent")) {
      key(keys, d, Scope.GLOBAL, k, Type.BOOL, ALWAYS);
    }
    key(keys, d, Scope.GLOBAL, "timeout", Type.INT, ALWAYS);
    key(keys, d, Scope.GLOBAL, "udp_max_connections", Type.INT, ALWAYS);
    for (String k : List.of("user", "pidfile", "chroot", "syslog_facility", "logfile", "on-timeout", "prefix")) {
      key(keys, d, Scope.GLOBAL, k, Type.STRING, ALWAYS);
    }
    key(keys, d, Scope.GLOBAL, "listen", Type.LIST_OF_GROUPS, ALWAYS);
    key(keys, d, Scope.GLOBAL, "protocols", Type.LIST_OF_GROUPS, ALWAYS);
    key(keys, d, Scope.LISTEN, "host", Type.STRING, ALWAYS);
    key(keys, d, Scope.LISTEN, "port", Type.STRING, ALWAYS);
    for (String k : List.of("is_udp", "is_unix", "keepalive")) {
      key(keys, d, Scope.LISTEN, k, Type.BOOL, ALWAYS);
    }
    key(keys, d, Scope.LISTEN, "max_connections", Type.INT, v23);
    key(keys, d, Scope.LISTEN, "proxyprotocol", Type.BOOL, v23);
    for (String k : List.of("name", "host", "port", "service")) {
      key(keys, d, Scope.PROTOCOL, k, Type.STRING, ALWAYS);
    }
    for (String k : List.of("is_unix", "is_udp", "fork", "tfo_ok", "transparent", "resolve_on_forward", "keepalive")) {
      key(keys, d, Scope.PROTOCOL, k, Type.BOOL, ALWAYS);
    }
    for (String k : List.of("udp_timeout", "log_level", "minlength", "proxyprotocol")) {
      key(keys, d, Scope.PROTOCOL, k, Type.INT, ALWAYS);
    }
    key(keys, d, Scope.PROTOCOL, "max_connections", Type.INT, v23);
    for (String k : List.of("sni_hostnames", "alpn_protocols", "regex_patterns")) {
      key(keys, d, Scope.PROTOCOL, k, Type.STRING_ARRAY, ALWAYS);
    }
    return List.copyOf(keys);
  }

  private static void key(List<Key> keys, SslhDialect dialect, Scope scope, String name, Type type, Version since) {
    keys.add(new Key(dialect, scope, name, type, since));
  }

  private SslhKeyTable() {}

  /** The type of {@code name} in {@code scope} for sslh {@code version}, if that version reads it. */
  public static Optional<Type> type(Version version, Scope scope, String name) {
    Optional<SslhDialect> dialect = SslhDialect.of(version);
    if (dialect.isEmpty()) {
      return Optional.empty();
    }
    // From 1.21 on, conf2struct treats - and _ in key names alike (sslh-conf.c); 1.20 does not.
    String wanted = dialect.get() == SslhDialect.V2 ? normalise(name) : name;
    return KEYS.stream()
        .filter(k -> k.dialect() == dialect.get() && k.scope() == scope && version.isAtLeast(k.since()))
        .filter(k -> (dialect.get() == SslhDialect.V2 ? normalise(k.name()) : k.name()).equals(wanted))
        .map(Key::type)
        .findFirst();
  }

  private static String normalise(String name) {
    return name.replace('-', '_').toLowerCase(Locale.ROOT);
  }

  /**
   * Every key of {@code config} that sslh {@code version} would not read as written: unknown, or
   * of another type. Empty when the file is fully understood.
   */
  public static List<String> problems(Version version, Libconfig.Group config) {
    List<String> problems = new ArrayList<>();
    check(version, Scope.GLOBAL, "", config, problems);
    return problems;
  }

  private static void check(Version version, Scope scope, String where, Libconfig.Group group, List<String> problems) {
    group.settings().forEach((name, value) -> {
      String path = where + name;
      Optional<Type> type = type(version, scope, name);
      if (type.isEmpty()) {
        problems.add(path + ": sslh " + version + " does not know this " + scope.description + " key");
        return;
      }
      if (!matches(type.get(), value)) {
        problems.add(path + ": sslh " + version + " reads it as " + type.get().name().toLowerCase(Locale.ROOT)
            + " and ignores a " + value.getClass().getSimpleName().toLowerCase(Locale.ROOT));
        return;
      }
      if (type.get() == Type.LIST_OF_GROUPS) {
        Scope inner = name.equals("listen") ? Scope.LISTEN : Scope.PROTOCOL;
        List<Libconfig.Value> elements = ((Libconfig.ListValue) value).elements();
        for (int i = 0; i < elements.size(); i++) {
          check(version, inner, path + "[" + i + "].", (Libconfig.Group) elements.get(i), problems);
        }
      }
    });
  }

  private static boolean matches(Type type, Libconfig.Value value) {
    return switch (type) {
      case BOOL -> value instanceof Libconfig.Bool;
      case INT -> value instanceof Libconfig.Int;
      case BOOL_OR_INT -> value instanceof Libconfig.Bool || value instanceof Libconfig.Int;
      case STRING -> value instanceof Libconfig.Str;
      case STRING_ARRAY -> value instanceof Libconfig.ArrayValue a
          && a.elements().stream().allMatch(e -> e instanceof Libconfig.Str);
      case LIST_OF_GROUPS -> value instanceof Libconfig.ListValue l
          && l.elements().stream().allMatch(e -> e instanceof Libconfig.Group);
    };
  }
}
