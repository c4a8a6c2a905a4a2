package dev.tproxy.generate.internal;

import dev.tproxy.generate.GenerationException;
import dev.tproxy.generate.internal.syntax.BareValue;
import dev.tproxy.generate.internal.syntax.SyntaxOutputFormat;
import freemarker.cache.ClassTemplateLoader;
import freemarker.cache.ConditionalTemplateConfigurationFactory;
import freemarker.cache.FileNameGlobMatcher;
import freemarker.cache.FileTemplateLoader;
import freemarker.cache.FirstMatchTemplateConfigurationFactory;
import freemarker.cache.MultiTemplateLoader;
import freemarker.cache.TemplateLoader;
import freemarker.core.TemplateClassResolver;
import freemarker.core.TemplateConfiguration;
import freemarker.ext.beans.ZeroArgumentNonVoidMethodPolicy;
import freemarker.template.Configuration;
import freemarker.template.DefaultObjectWrapperBuilder;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TimeZone;

/**
 * FreeMarker set up for configuration files rather than HTML: one escaping output format per
 * target syntax, chosen by the template's file name and forced on; no access to Java classes
 * ({@code ?new}, {@code ?api}); a missing value is an error, never an empty string; numbers in
 * computer format ({@code 8443}, not {@code 8,443}). Templates are resources under
 * {@value #BUILT_IN}; a user directory, when given, is searched first, so a file there replaces
 * the built-in template of the same relative name.
 */
public final class TemplateEngine {

  static final String BUILT_IN = "/dev/tproxy/generate/templates";

  private final Configuration configuration;
  private final Optional<Path> overrideDirectory;

  public TemplateEngine(Optional<Path> overrideDirectory) {
    this.overrideDirectory = overrideDirectory;
    Configuration c = new Configuration(Configuration.VERSION_2_3_34);
    c.setTemplateLoader(loader(overrideDirectory));
    c.setLocalizedLookup(false);
    c.setDefaultEncoding("UTF-8");
    c.setOutputEncoding("UTF-8");
    c.setLocale(Locale.ROOT);
    c.setTimeZone(TimeZone.getTimeZone("UTC"));
    c.setNumberFormat("c");
    c.setBooleanFormat("c");
    c.setInterpolationSyntax(Configuration.SQUARE_BRACKET_INTERPOLATION_SYNTAX);
    c.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
    c.setLogTemplateExceptions(false);
    c.setWrapUncheckedExceptions(true);
    c.setFallbackOnNullLoopVariable(false);
    c.setNewBuiltinClassResolver(TemplateClassResolver.ALLOWS_NOTHING_RESOLVER);
    c.setAPIBuiltinEnabled(false);

    DefaultObjectWrapperBuilder wrapper = new DefaultObjectWrapperBuilder(Configuration.VERSION_2_3_34);
    wrapper.setRecordZeroArgumentNonVoidMethodPolicy(
        ZeroArgumentNonVoidMethodPolicy.BOTH_METHOD_AND_PROPERTY_UNLESS_BEAN_PROPERTY_READ_METHOD);
    wrapper.setExposeFields(false);
    c.setObjectWrapper(wrapper.build());

    c.setRegisteredCustomOutputFormats(SyntaxOutputFormat.ALL);
    ConditionalTemplateConfigurationFactory[] bySyntax =
        new ConditionalTemplateConfigurationFactory[SyntaxOutputFormat.ALL.size()];
    for (int i = 0; i < bySyntax.length; i++) {
      SyntaxOutputFormat format = SyntaxOutputFormat.ALL.get(i);
      TemplateConfiguration tc = new TemplateConfiguration();
      tc.setOutputFormat(format);
      tc.setAutoEscapingPolicy(Configuration.FORCE_AUTO_ESCAPING_POLICY);
      bySyntax[i] = new ConditionalTemplateConfigurationFactory(
          new FileNameGlobMatcher("*." + format.getName() + ".ftl"), tc);
    }
    // A template whose name names no syntax is refused: nothing is ever written unescaped.
    c.setTemplateConfigurations(new FirstMatchTemplateConfigurationFactory(bySyntax)
        .allowNoMatch(false)
        .noMatchErrorDetails("template names end in .<syntax>.ftl, where <syntax> is one of "
            + SyntaxOutputFormat.ALL.stream().map(SyntaxOutputFormat::getName).toList()));
    this.configuration = c;
  }

  private static TemplateLoader loader(Optional<Path> overrideDirectory) {
    ClassTemplateLoader builtIn = new ClassTemplateLoader(TemplateEngine.class, BUILT_IN);
    if (overrideDirectory.isEmpty()) {
      return builtIn;
    }
    Path dir = overrideDirectory.get();
    if (!Files.isDirectory(dir)) {
      throw new GenerationException(null, "templateDirectory",
          "the template directory " + dir + " does not exist", "create it, or leave the option out to use the built-in templates");
    }
    try {
      // FileTemplateLoader refuses names that resolve outside the directory (../, symbolic links).
      return new MultiTemplateLoader(new TemplateLoader[] {new FileTemplateLoader(dir.toFile()), builtIn});
    } catch (IOException e) {
      throw new GenerationException(null, "templateDirectory", "cannot read the template directory " + dir + ": " + e.getMessage(), "");
    }
  }

  /**
   * Renders {@code template} with {@code view} as the variable {@code view}.
   *
   * @param service the service the file is for, named in the error when rendering fails; null
   *     for files about the whole topology
   */
  public String render(String template, Object view, String service) {
    Map<String, Object> root = new HashMap<>();
    root.put("view", view);
    root.put("bare", new BareValue());
    try {
      Template t = configuration.getTemplate(template);
      StringWriter out = new StringWriter();
      t.process(root, out);
      return out.toString();
    } catch (TemplateException | IOException | SecurityException e) {
      // SecurityException: FileTemplateLoader refusing a name that leads out of the directory.
      throw new GenerationException(service, null,
          "cannot write the file of template " + template + ": " + describe(e),
          overrideDirectory.map(d -> "a template in " + d + " replaces the built-in one; check it, or remove it").orElse(""),
          e);
    }
  }

  /** The messages of {@code e} and its causes, without FreeMarker's template stack traces. */
  private static String describe(Throwable e) {
    StringBuilder sb = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      String m = t.getMessage();
      if (m == null) {
        continue;
      }
      int cut = m.indexOf("\n----");
      m = (cut < 0 ? m : m.substring(0, cut)).strip();
      if (!m.isEmpty() && sb.indexOf(m) < 0 && !m.endsWith("see cause exception.")) {
        sb.append(sb.length() == 0 ? "" : ": ").append(m);
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return sb.toString();
  }
}
