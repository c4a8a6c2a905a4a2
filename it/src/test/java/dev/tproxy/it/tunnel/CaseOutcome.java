package dev.tproxy.it.tunnel;

import java.util.ArrayList;
import java.util.List;

/**
 * How one case of the reference chain went, as the client and the backend saw it: which backend
 * answered, the client address it saw and whether the client's port reached it, whether the bytes
 * arrived intact both ways, and how the connection ended. Two realisations agree on a case when
 * these are equal; {@code note} (sizes, times, the first line) is printed, never compared.
 *
 * @param connections how many of the case's connections went this way (1, or 50 for the parallel case)
 */
record CaseOutcome(String backend, String clientAddress, Port port, Bytes bytes, End end, int connections, String note) {
  /** The backend named when no backend saw the connection. */
  static final String NO_BACKEND = "none";

  /** Whether the backend saw the client's own source port. */
  enum Port {
    KEPT("port kept"),
    NEW("new port"),
    /** No backend saw the connection, so there is no port to tell. */
    NOT_SEEN("-"),
    /** A backend saw it, but the client's own port could not be found out. */
    UNKNOWN("client port unknown");

    final String text;

    Port(String text) {
      this.text = text;
    }

    static Port of(int clientPort, int seenPort) {
      return clientPort == seenPort ? KEPT : NEW;
    }
  }

  /** Whether what was sent arrived as it was sent, up and down. */
  enum Bytes {
    INTACT("intact"),
    CHANGED("changed"),
    /** Fewer bytes than were sent came through. */
    CUT("cut"),
    /** No data went through (the connection was refused before any). */
    NONE("no data");

    final String text;

    Bytes(String text) {
      this.text = text;
    }
  }

  /** How the connection ended, from the client's side. */
  enum End {
    CLEAN("clean end after the answer"),
    RESET_AFTER_ANSWER("reset after the answer"),
    TIMEOUT_AFTER_ANSWER("no end after the answer"),
    CLOSED_IN_TLS_HANDSHAKE("closed during the TLS handshake"),
    CLOSED_AFTER_TLS_HANDSHAKE("TLS handshake done, then closed before any answer"),
    CLOSED_BEFORE_ANSWER("closed before any answer"),
    RESET_BEFORE_ANSWER("reset before any answer"),
    TIMEOUT_BEFORE_ANSWER("no answer"),
    REFUSED("connection refused");

    final String text;

    End(String text) {
      this.text = text;
    }
  }

  /** The compared fields, in a fixed order, for messages and the report. */
  static final List<String> FIELDS = List.of("backend", "client address", "port", "bytes", "end", "connections");

  private List<Object> values() {
    return List.of(backend, clientAddress, port, bytes, end, connections);
  }

  /** The compared fields in which {@code other} differs from this outcome; empty when they agree. */
  List<String> differingFields(CaseOutcome other) {
    List<String> fields = new ArrayList<>();
    for (int i = 0; i < FIELDS.size(); i++) {
      if (!values().get(i).equals(other.values().get(i))) {
        fields.add(FIELDS.get(i));
      }
    }
    return fields;
  }

  /** What the report's table shows: {@code sshd · 10.77.0.2, port kept · intact · clean end after the answer}. */
  String cell() {
    String seen = port == Port.NOT_SEEN ? clientAddress : clientAddress + ", " + port.text;
    return (connections == 1 ? "" : connections + "× ") + backend + " · " + seen + " · " + bytes.text + " · " + end.text;
  }

  @Override
  public String toString() {
    return cell() + (note.isEmpty() ? "" : " (" + note + ")");
  }
}
