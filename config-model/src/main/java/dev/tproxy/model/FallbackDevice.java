package dev.tproxy.model;

import java.util.Optional;

/**
 * What carries the hidden address when the kernel has no {@code dummy} driver (some VM and
 * container kernels): an {@code ifb} device of the same name, or the loopback device.
 */
public enum FallbackDevice implements FileId {
  NONE("none"),
  IFB("ifb"),
  LO("lo");

  private final String id;

  FallbackDevice(String id) {
    this.id = id;
  }

  @Override
  public String id() {
    return id;
  }

  public static Optional<FallbackDevice> fromId(String id) {
    return FileId.find(FallbackDevice.class, id);
  }

  @Override
  public String toString() {
    return id;
  }
}
