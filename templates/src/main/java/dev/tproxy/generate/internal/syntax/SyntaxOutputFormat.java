package dev.tproxy.generate.internal.syntax;

import freemarker.core.CommonMarkupOutputFormat;
import freemarker.template.TemplateModelException;
import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A FreeMarker output format for one target syntax: every {@code [=value]} in a template is
 * passed through that syntax's escaper, which either turns it into an inert token or refuses it.
 * Templates are bound to a format by their file name ({@code *.nginx.ftl}, ...) with escaping
 * forced on, so a template cannot write a raw value (FreeMarker then also refuses
 * {@code ?no_esc}).
 */
public final class SyntaxOutputFormat extends CommonMarkupOutputFormat<SyntaxMarkup> {

  public static final SyntaxOutputFormat NGINX = new SyntaxOutputFormat("nginx", NginxSyntax::token);
  public static final SyntaxOutputFormat LIBCONFIG = new SyntaxOutputFormat("libconfig", LibconfigSyntax::string);
  public static final SyntaxOutputFormat SYSTEMD = new SyntaxOutputFormat("systemd", SystemdSyntax::word);
  public static final SyntaxOutputFormat SHELL = new SyntaxOutputFormat("shell", ShellSyntax::word);
  public static final SyntaxOutputFormat SSH = new SyntaxOutputFormat("ssh", SshConfigSyntax::word);
  public static final SyntaxOutputFormat STUNNEL = new SyntaxOutputFormat("stunnel", StunnelSyntax::value);
  public static final SyntaxOutputFormat WORD = new SyntaxOutputFormat("word", WordSyntax::word);
  public static final SyntaxOutputFormat TEXT = new SyntaxOutputFormat("text", TextSyntax::text);

  /** Every format; a template's file name must end in {@code .<name>.ftl} of one of them. */
  public static final List<SyntaxOutputFormat> ALL =
      List.of(NGINX, LIBCONFIG, SYSTEMD, SHELL, SSH, STUNNEL, WORD, TEXT);

  private final String name;
  private final UnaryOperator<String> escaper;

  private SyntaxOutputFormat(String name, UnaryOperator<String> escaper) {
    this.name = name;
    this.escaper = escaper;
  }

  @Override
  public String getName() {
    return name;
  }

  @Override
  public String getMimeType() {
    return "text/plain";
  }

  @Override
  public void output(String textToEsc, Writer out) throws IOException, TemplateModelException {
    out.write(escapePlainText(textToEsc));
  }

  @Override
  public String escapePlainText(String plainTextContent) throws TemplateModelException {
    try {
      return escaper.apply(plainTextContent);
    } catch (UnsafeValueException e) {
      throw new TemplateModelException(e.getMessage(), e);
    }
  }

  @Override
  public boolean isLegacyBuiltInBypassed(String builtInName) {
    return false;
  }

  @Override
  protected SyntaxMarkup newTemplateMarkupOutputModel(String plainTextContent, String markupContent) {
    return new SyntaxMarkup(this, plainTextContent, markupContent);
  }

  /** Text that Java code has already built from escaped pieces, to be written as it is. */
  public SyntaxMarkup markup(String text) {
    return newTemplateMarkupOutputModel(null, text);
  }
}
