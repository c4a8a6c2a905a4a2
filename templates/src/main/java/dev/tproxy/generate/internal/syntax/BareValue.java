package dev.tproxy.generate.internal.syntax;

import freemarker.core.Environment;
import freemarker.core.OutputFormat;
import freemarker.template.TemplateBooleanModel;
import freemarker.template.TemplateMethodModelEx;
import freemarker.template.TemplateModelException;
import freemarker.template.TemplateNumberModel;
import java.math.BigDecimal;
import java.util.List;

/**
 * {@code bare(x)} in templates: writes a whole number or a boolean unquoted. Escaping quotes every
 * value (libconfig must see {@code timeout: 2;}, not {@code "2"}); only values that cannot carry
 * syntax are allowed out of the quotes.
 */
public final class BareValue implements TemplateMethodModelEx {

  @Override
  public Object exec(@SuppressWarnings("rawtypes") List arguments) throws TemplateModelException {
    if (arguments.size() != 1) {
      throw new TemplateModelException("bare() takes one argument, not " + arguments.size());
    }
    Object argument = arguments.get(0);
    String text;
    if (argument instanceof TemplateNumberModel n) {
      try {
        text = new BigDecimal(n.getAsNumber().toString()).toBigIntegerExact().toString();
      } catch (ArithmeticException | NumberFormatException e) {
        throw new TemplateModelException("bare() takes whole numbers, not " + n.getAsNumber(), e);
      }
    } else if (argument instanceof TemplateBooleanModel b) {
      text = b.getAsBoolean() ? "true" : "false";
    } else {
      throw new TemplateModelException("bare() takes a whole number or a boolean; text is always escaped");
    }
    OutputFormat format = Environment.getCurrentEnvironment().getCurrentTemplate().getOutputFormat();
    if (!(format instanceof SyntaxOutputFormat syntax)) {
      throw new TemplateModelException("bare() is only available in templates of a target syntax");
    }
    return syntax.markup(text);
  }
}
