package dev.tproxy.model.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tproxy.model.CipherSuites;
import dev.tproxy.model.ClientTool;
import dev.tproxy.model.Engine;
import dev.tproxy.model.EngineCapabilities;
import dev.tproxy.model.EngineKind;
import dev.tproxy.model.Feature;
import dev.tproxy.model.StageKind;
import dev.tproxy.model.Version;
import dev.tproxy.model.internal.validate.ClientRules;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The parts of the schema written from the model's own tables, so that they are stated once:
 * which engine realises which stage and has which feature from which version
 * ({@link EngineCapabilities}), the cipher names ({@link CipherSuites}), and what proxytunnel
 * before 1.12 cannot do ({@link ClientRules}).
 */
final class GeneratedSchemaParts {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  /**
   * Features found by looking at other entries of the file (a target that is a unix-socket
   * backend): a schema cannot follow a name to what it names.
   */
  static final List<Feature> BY_REFERENCE = List.of(Feature.UNIX_SOCKET_BACKEND, Feature.IN_PROCESS_BACKEND);

  private GeneratedSchemaParts() {}

  /** {@code $defs} entries by name. */
  static Map<String, JsonNode> all() {
    Map<String, JsonNode> parts = new LinkedHashMap<>();
    parts.put("cipher", cipher());
    parts.put("engineCapabilities", engineCapabilities());
    parts.put("clientToolCapabilities", clientToolCapabilities());
    return parts;
  }

  private static ObjectNode cipher() {
    ObjectNode n = F.objectNode();
    n.put("description", "A TLS 1.2 cipher suite by its OpenSSL name; keywords such as HIGH or !aNULL are not"
        + " accepted, because the runtime cannot realise them exactly. (Generated from CipherSuites.)");
    n.put("type", "string");
    ArrayNode names = n.putArray("enum");
    CipherSuites.knownOpensslNames().forEach(names::add);
    return n;
  }

  /** What in a service uses a feature: a schema that matches the service when it does. */
  static Map<Feature, ObjectNode> triggers() {
    Map<Feature, ObjectNode> t = new EnumMap<>(Feature.class);
    t.put(Feature.TRANSPARENT, constant("transparent", F.booleanNode(true)));
    t.put(Feature.CONNECT_TIMEOUT, present("connect-timeout"));
    t.put(Feature.IDLE_TIMEOUT, present("idle-timeout"));
    t.put(Feature.HALF_CLOSE, constant("half-close", F.booleanNode(true)));
    t.put(Feature.MAX_CONNECTIONS, present("max-connections"));
    t.put(Feature.ROUTE_MAX_CONNECTIONS, anyOf(
        inStage("demux", rulesContain(present("max-connections"))),
        inStage("sni-route", rulesContain(present("max-connections")))));
    t.put(Feature.PROXY_PROTOCOL_ACCEPT, within("proxy-protocol", constant("accept", F.booleanNode(true))));
    t.put(Feature.PROXY_PROTOCOL_SEND_V1, within("proxy-protocol", constant("send", F.textNode("v1"))));
    t.put(Feature.PROXY_PROTOCOL_SEND_V2, within("proxy-protocol", constant("send", F.textNode("v2"))));
    t.put(Feature.PROXY_PROTOCOL_TIMEOUT, within("proxy-protocol", present("timeout")));
    t.put(Feature.PROBE_SYSLOG, inStage("demux", rulesContain(constant("probe", F.textNode("syslog")))));
    t.put(Feature.PROBE_MSRDP, inStage("demux", rulesContain(constant("probe", F.textNode("msrdp")))));
    t.put(Feature.REGEX_MIN_LENGTH, inStage("demux", rulesContain(present("min-length"))));
    ObjectNode subSecond = F.objectNode().put("type", "string").put("pattern", "^(?![0-9]*000ms$)[0-9]+ms$");
    t.put(Feature.SUB_SECOND_PROBE_TIMEOUT, inStage("demux", matching("probe-timeout", subSecond)));
    t.put(Feature.CLIENT_VERIFY_OPTIONAL, inStage("tls-terminate",
        within("client-auth", constant("verify", F.textNode("optional")))));
    ObjectNode withPassword = F.objectNode();
    withPassword.putObject("properties").putObject("certificates").put("type", "array")
        .set("contains", F.objectNode().put("type", "object").setAll(present("password-file")));
    withPassword.putArray("required").add("certificates");
    t.put(Feature.KEY_PASSWORD_FILE, inStage("tls-terminate", withPassword));
    t.put(Feature.PREREAD_TIMEOUT, inStage("sni-route", present("preread-timeout")));
    t.put(Feature.PREREAD_BUFFER, inStage("sni-route", present("preread-buffer")));
    t.put(Feature.TLS_HANDSHAKE_TIMEOUT, inStage("tls-terminate", present("handshake-timeout")));
    t.put(Feature.TRANSPARENT_NEW_PORT, constant("transparent-bind", F.textNode("new-port")));
    t.put(Feature.TRANSPARENT_KEEP_CLIENT_PORT, constant("transparent-bind", F.textNode("keep-client-port")));
    return t;
  }

  /**
   * One clause for each stage an engine cannot realise and each feature it lacks, in every
   * version or below the one that has it: "if engine is E (and engine-version below V), then
   * not this". A service without engine-version has its engine's default version.
   */
  private static ObjectNode engineCapabilities() {
    ObjectNode n = F.objectNode();
    n.put("description", "What each engine can realise, and from which version (generated from EngineCapabilities).");
    n.put("type", "object");
    ArrayNode clauses = n.putArray("allOf");
    Map<Feature, ObjectNode> triggers = triggers();
    for (EngineKind kind : EngineKind.values()) {
      EngineCapabilities oldest = new Engine(kind, Version.of(0, 0)).capabilities();
      ObjectNode stages = F.objectNode();
      for (StageKind stage : StageKind.values()) {
        if (!oldest.canRealise(stage)) {
          stages.put(stage.id(), false);
        }
      }
      if (!stages.isEmpty()) {
        ObjectNode then = F.objectNode();
        then.set("properties", stages);
        clauses.add(clause(kind + " realises " + String.join(", ",
                oldest.stages().stream().map(StageKind::id).toList()) + " only", kind, Optional.empty(), then));
      }
      for (Feature feature : Feature.values()) {
        EngineCapabilities.Support s = oldest.support(feature);
        if (s.available() || BY_REFERENCE.contains(feature)) {
          continue;
        }
        ObjectNode trigger = triggers.get(feature);
        if (trigger == null) {
          throw new IllegalStateException("no trigger for " + feature + ": say in GeneratedSchemaParts.triggers() what"
              + " in a service uses it, or list it in BY_REFERENCE");
        }
        if (onlyInStagesItCannotRealise(trigger, oldest)) {
          continue; // the stage clause already refuses it
        }
        String what = kind + s.since().map(v -> " before " + v).orElse("") + " lacks " + feature.description();
        clauses.add(clause(what, kind, s.since(), F.objectNode().set("not", trigger)));
      }
    }
    return n;
  }

  /** The trigger needs a stage (demux, ...) and the engine realises none of those it names. */
  private static boolean onlyInStagesItCannotRealise(ObjectNode trigger, EngineCapabilities caps) {
    List<JsonNode> alternatives = new java.util.ArrayList<>();
    if (trigger.has("anyOf")) {
      trigger.get("anyOf").forEach(alternatives::add);
    } else {
      alternatives.add(trigger);
    }
    for (JsonNode alternative : alternatives) {
      boolean needsAStageItLacks = false;
      for (JsonNode key : alternative.path("required")) {
        for (StageKind stage : StageKind.values()) {
          if (stage.id().equals(key.asText()) && !caps.canRealise(stage)) {
            needsAStageItLacks = true;
          }
        }
      }
      if (!needsAStageItLacks) {
        return false;
      }
    }
    return true;
  }

  private static ObjectNode clause(String comment, EngineKind kind, Optional<Version> since, ObjectNode then) {
    ObjectNode c = F.objectNode();
    c.put("$comment", comment);
    ObjectNode condition = c.putObject("if");
    ArrayNode required = condition.putArray("required").add("engine");
    ObjectNode properties = condition.putObject("properties");
    properties.putObject("engine").put("const", kind.id());
    since.ifPresent(v -> {
      properties.putObject("engine-version").put("type", "string").put("pattern", VersionPatterns.lessThan(v));
      if (kind.defaultVersion().isAtLeast(v)) {
        required.add("engine-version"); // without one, the default version has the feature
      }
    });
    c.set("then", then);
    return c;
  }

  private static ObjectNode clientToolCapabilities() {
    Version since = ClientRules.PROXYTUNNEL_CLIENT_CERTS;
    ObjectNode n = F.objectNode();
    n.put("description", "What the ssh client's tool can do (generated from ClientRules).");
    n.put("type", "object");
    ObjectNode c = n.putArray("allOf").addObject();
    c.put("$comment", "proxytunnel tunnels through an HTTP proxy; before " + since + " it has no client certificates");
    ObjectNode condition = c.putObject("if");
    condition.putArray("required").add("tool");
    condition.putObject("properties").putObject("tool").put("const", ClientTool.PROXYTUNNEL.id());
    ObjectNode then = c.putObject("then");
    then.putArray("required").add("proxy");
    ObjectNode old = then.putObject("if");
    ArrayNode either = old.putArray("anyOf");
    if (ClientTool.PROXYTUNNEL.defaultVersion().isAtLeast(since)) {
      throw new IllegalStateException("proxytunnel's default version has client certificates: drop the clause");
    }
    either.addObject().putObject("not").putArray("required").add("tool-version");
    either.addObject().putObject("properties").putObject("tool-version").put("type", "string")
        .put("pattern", VersionPatterns.lessThan(since));
    then.set("then", F.objectNode().set("not", present("certificate")));
    return n;
  }

  private static ObjectNode present(String key) {
    ObjectNode n = F.objectNode();
    n.putArray("required").add(key);
    return n;
  }

  private static ObjectNode constant(String key, JsonNode value) {
    return matching(key, F.objectNode().set("const", value));
  }

  private static ObjectNode matching(String key, ObjectNode schema) {
    ObjectNode n = present(key);
    n.putObject("properties").set(key, schema);
    return n;
  }

  private static ObjectNode within(String key, ObjectNode inner) {
    ObjectNode typed = F.objectNode().put("type", "object");
    typed.setAll(inner);
    return matching(key, typed);
  }

  private static ObjectNode inStage(String stage, ObjectNode inner) {
    return within(stage, inner);
  }

  private static ObjectNode rulesContain(ObjectNode rule) {
    ObjectNode typed = F.objectNode().put("type", "object");
    typed.setAll(rule);
    return matching("rules", F.objectNode().put("type", "array").set("contains", typed));
  }

  private static ObjectNode anyOf(ObjectNode a, ObjectNode b) {
    ObjectNode n = F.objectNode();
    n.putArray("anyOf").add(a).add(b);
    return n;
  }
}
