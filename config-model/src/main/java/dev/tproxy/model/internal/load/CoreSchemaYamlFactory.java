package dev.tproxy.model.internal.load;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.IOContext;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.Reader;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.NodeEvent;
import org.yaml.snakeyaml.events.ScalarEvent;

/**
 * Jackson's YAML parser, telling which scalars were written plain and untagged (only those are
 * typed by the document's schema, {@link CoreSchema}; a quoted or block scalar is a string), and
 * the anchors and aliases of values, which Jackson leaves to its object mapper.
 */
final class CoreSchemaYamlFactory extends YAMLFactory {
  private static final long serialVersionUID = 1L;

  @Override
  protected YAMLParser _createParser(Reader r, IOContext ctxt) throws IOException {
    return new Parser(ctxt, _parserFeatures, _yamlParserFeatures, _loaderOptions, _objectCodec, r);
  }

  /** Records whether the current scalar token came from a plain, untagged scalar. */
  static final class Parser extends YAMLParser {
    private boolean untaggedPlain;

    Parser(IOContext ctxt, int parserFeatures, int formatFeatures, org.yaml.snakeyaml.LoaderOptions options,
        com.fasterxml.jackson.core.ObjectCodec codec, Reader reader) {
      super(ctxt, parserFeatures, formatFeatures, options, codec, reader);
    }

    private String anchor;
    private String alias;

    @Override
    public JsonToken nextToken() throws IOException {
      JsonToken t = super.nextToken();
      boolean value = t != null && (t.isScalarValue() || t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY);
      untaggedPlain = value && t.isScalarValue()
          && _lastEvent instanceof ScalarEvent e && e.isPlain() && e.getTag() == null;
      alias = value && _lastEvent instanceof AliasEvent a ? a.getAnchor() : null;
      anchor = value && alias == null && _lastEvent instanceof NodeEvent n ? n.getAnchor() : null;
      return t;
    }

    /** The anchor ({@code &name}) the value just read carries, or null. */
    String anchor() {
      return anchor;
    }

    /** The anchor an alias ({@code *name}) just read refers to, or null when it was no alias. */
    String alias() {
      return alias;
    }

    /** The scalar just read was written without quotes and without a tag such as {@code !!str}. */
    boolean untaggedPlain() {
      return untaggedPlain;
    }
  }
}
