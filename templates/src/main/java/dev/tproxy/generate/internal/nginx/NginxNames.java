package dev.tproxy.generate.internal.nginx;

import dev.tproxy.generate.GenerationException;
import dev.tproxy.generate.internal.GenerationContext;
import dev.tproxy.generate.internal.syntax.SyntaxMarkup;
import dev.tproxy.generate.internal.syntax.SyntaxOutputFormat;
import dev.tproxy.model.Service;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Names of nginx variables and shared-memory zones derived from service names. nginx variable
 * names take letters, digits and {@code _} only, so {@code -} becomes {@code _}; two services
 * whose names then collide ({@code a-b}, {@code a_b}) are refused rather than sharing a variable.
 */
final class NginxNames {
  private static final Pattern IDENTIFIER = Pattern.compile("[a-z0-9_]+");

  private final Map<Service, String> base = new HashMap<>();

  NginxNames(GenerationContext context, List<Service> services) {
    Map<String, Service> taken = new HashMap<>();
    for (Service s : services) {
      String name = "tproxy_" + s.name().replace('-', '_');
      if (!IDENTIFIER.matcher(name).matches()) {
        throw context.error(s, "name", "\"" + s.name() + "\" cannot name an nginx variable", "");
      }
      Service other = taken.putIfAbsent(name, s);
      if (other != null) {
        throw new GenerationException(s.name(), context.field(s, "name"),
            "\"" + s.name() + "\" and \"" + other.name() + "\" both become the nginx variable $" + name,
            "nginx variable names cannot contain -; rename one of the services");
      }
      base.put(s, name);
    }
  }

  /** {@code tproxy_<service>} plus a suffix, for zones and keys. */
  String name(Service s, String suffix) {
    return base.get(s) + suffix;
  }

  /** {@code $tproxy_<service><suffix>} as nginx markup. */
  SyntaxMarkup variable(Service s, String suffix) {
    return SyntaxOutputFormat.NGINX.markup("$" + name(s, suffix));
  }

  /** One of nginx's own variables, written as it is. */
  static SyntaxMarkup builtIn(String variable) {
    if (!IDENTIFIER.matcher(variable).matches()) {
      throw new IllegalArgumentException(variable);
    }
    return SyntaxOutputFormat.NGINX.markup("$" + variable);
  }
}
