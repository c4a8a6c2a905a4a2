package dev.tproxy.generate.internal.syntax;

import freemarker.core.CommonTemplateMarkupOutputModel;

/** Text already in a target syntax: FreeMarker writes it without escaping it again. */
public final class SyntaxMarkup extends CommonTemplateMarkupOutputModel<SyntaxMarkup> {
  private final SyntaxOutputFormat format;

  SyntaxMarkup(SyntaxOutputFormat format, String plainTextContent, String markupContent) {
    super(plainTextContent, markupContent);
    this.format = format;
  }

  @Override
  public SyntaxOutputFormat getOutputFormat() {
    return format;
  }
}
