package dev.tproxy.runtime.internal.connection;

import io.netty.channel.Channel;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The client connections of one runtime that are open, so that close() can wait for them to
 * finish and then close the rest.
 */
public final class ConnectionRegistry {
  private final Map<Channel, ConnectionRecord> open = new ConcurrentHashMap<>();
  private final CompletableFuture<Void> drained = new CompletableFuture<>();
  private volatile boolean draining;

  void add(Channel channel, ConnectionRecord record) {
    open.put(channel, record);
  }

  void remove(Channel channel) {
    open.remove(channel);
    if (draining && open.isEmpty()) {
      drained.complete(null);
    }
  }

  /**
   * Completes when no connection is open any more; from now on, emptiness counts. Each call
   * returns its own copy, so a caller's timeout does not complete anyone else's.
   */
  public CompletableFuture<Void> drain() {
    draining = true;
    if (open.isEmpty()) {
      drained.complete(null);
    }
    return drained.copy();
  }

  /** The record of an open connection; touch it only on the connection's event loop. */
  public Optional<ConnectionRecord> recordOf(Channel channel) {
    return Optional.ofNullable(open.get(channel));
  }

  public int size() {
    return open.size();
  }

  public List<Channel> snapshot() {
    return List.copyOf(open.keySet());
  }

  /** The open connections {@code service} accepted. */
  public List<Channel> snapshotOf(String service) {
    List<Channel> of = new java.util.ArrayList<>();
    open.forEach((channel, record) -> {
      if (record.service().equals(service)) {
        of.add(channel);
      }
    });
    return of;
  }
}
