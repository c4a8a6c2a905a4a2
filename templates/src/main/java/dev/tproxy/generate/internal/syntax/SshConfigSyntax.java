package dev.tproxy.generate.internal.syntax;

/**
 * A word of an ssh_config {@code ProxyCommand}: ssh hands the rest of the line to the user's
 * shell ({@code exec ...}) after expanding its {@code %} tokens, so a word is shell-quoted and
 * then every {@code %} doubled.
 */
public final class SshConfigSyntax {
  private SshConfigSyntax() {}

  public static String word(String value) {
    return ShellSyntax.word(value).replace("%", "%%");
  }

  /** Like {@link ShellSyntax#homePath}, with {@code %} doubled. */
  public static String homePath(String value) {
    return ShellSyntax.homePath(value).replace("%", "%%");
  }
}
