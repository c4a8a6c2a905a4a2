package dev.tproxy.model;

/** TCP port parsing shared by the address types. */
final class Ports {
  private Ports() {}

  static int parse(String port, String whole) {
    if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(Character::isDigit)) {
      throw new IllegalArgumentException("\"" + whole + "\": \"" + port + "\" is not a port number");
    }
    int p = Integer.parseInt(port);
    if (p > 65535) {
      throw new IllegalArgumentException("\"" + whole + "\": port " + p + " is out of range 0-65535");
    }
    return p;
  }
}
