package dev.tproxy.generate;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One generated file: where it goes below the output directory, its text and its permissions.
 *
 * @param relativePath forward slashes, no {@code .} or {@code ..} steps, e.g. {@code nginx/stream.conf}
 * @param content UTF-8 text, ending with a newline
 */
public record GeneratedFile(String relativePath, String content, FileMode mode) {

  /** Steps of generated paths: names derived from validated service names and fixed words. */
  private static final Pattern STEP = Pattern.compile("[A-Za-z0-9_@][A-Za-z0-9_.@-]*");

  public GeneratedFile {
    Objects.requireNonNull(relativePath, "relativePath");
    Objects.requireNonNull(content, "content");
    Objects.requireNonNull(mode, "mode");
    for (String step : relativePath.split("/", -1)) {
      if (!STEP.matcher(step).matches() || step.equals(".") || step.equals("..")) {
        throw new IllegalArgumentException("\"" + relativePath + "\" is not a relative path of a generated file");
      }
    }
  }

  public byte[] bytes() {
    return content.getBytes(StandardCharsets.UTF_8);
  }
}
