package dev.tproxy.model.schema;

import dev.tproxy.model.Diagnostic;
import java.util.List;
import java.util.Optional;

/**
 * The loader's rules that a JSON schema cannot state, so the schema accepts what they refuse:
 * the only disagreements allowed, each recognised by the loader's message. docs/topology-format.md
 * lists the same kinds ("What only the loader checks").
 */
enum CannotBeStated {
  REFERENCES("a name refers to a service or backend that must exist, be of the right kind, and not be the"
      + " service itself: a schema cannot follow a name to what it names",
      "no service or backend is named \"", "no service is named \"", "\" does not terminate TLS", "\" forwards to itself",
      "is an in-process backend, which only the tproxy engine can reach", "requires a client certificate (client-auth verify: on)",
      "cannot forward to the unix socket of", "does not support unix-socket backends"),
  UNIQUENESS("names, listeners, aliases and server names are unique across entries (and listeners on a"
      + " wildcard address overlap specific ones): a schema's uniqueItems compares whole items only",
      "\" is already used at ", " is already taken by ", "\" already has a certificate at ", "\" is already routed at ",
      "\" is already used by ", " runs on this host, where "),
  RULE_ORDER("only the last demux rule may be anyprot: a schema cannot say where in a list an item must be",
      "anyprot matches every connection, so the "),
  CHAIN("rules across services: cycles, the transparent chain's binding rule, PROXY headers sent to a hop"
      + " that does not read them or awaited from hops that send none",
      "services forward in a cycle: ", "cannot be a later hop of a transparent chain", "\" sends PROXY ",
      "\" waits for a PROXY header, but "),
  FIELD_COMPARISON("one field compared with another's value: proxytunnel before 1.12 sends the host it connects to as SNI",
      " sends the host it connects to ("),
  REGEX_SYNTAX("a demux pattern must compile: schemas read ECMA-262 expressions, tproxy Java's and sslh PCRE",
      " is not a valid regular expression: "),
  BYTE_LENGTHS("limits in UTF-8 bytes (paths: 4095 and 255 a name; patterns: 4000): a schema counts characters,"
      + " so it states the same limits in characters, which are never more",
      " bytes long; Linux opens paths of at most ", "-byte component ", " bytes long; a generated file can carry at most "),
  FILE_LOCATION("a relative path is checked where it leads from the topology file's directory (not /):"
      + " a schema does not know where the file is",
      "granting access to / is never what you want");

  private final String why;
  private final List<String> markers;

  CannotBeStated(String why, String... markers) {
    this.why = why;
    this.markers = List.of(markers);
  }

  String why() {
    return why;
  }

  /** The kind's name in prose: "field comparison". */
  String label() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
  }

  /** The kind a loader error belongs to, if it is one of these. */
  static Optional<CannotBeStated> of(Diagnostic d) {
    for (CannotBeStated k : values()) {
      for (String m : k.markers) {
        if (d.message().contains(m)) {
          return Optional.of(k);
        }
      }
    }
    return Optional.empty();
  }

}
