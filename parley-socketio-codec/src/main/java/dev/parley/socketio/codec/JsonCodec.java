package dev.parley.socketio.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The Jackson set-up shared by the encoder and the decoder.
 *
 * <p>It exists so that the limits of {@link CodecLimits} are applied by Jackson's own stream constraints, during the
 * parse, instead of by walking a tree that a hostile document has already made huge or deep.
 */
public final class JsonCodec {
  private final ObjectMapper mapper;
  // Resolved once: ObjectMapper.readTree and writeValueAsString look their (de)serializers up again on every call,
  // which showed in the echo benchmark's profile.
  private final ObjectReader treeReader;
  private final ObjectWriter treeWriter;

  public JsonCodec(CodecLimits limits) {
    JsonFactory factory = JsonFactory.builder()
        .streamReadConstraints(StreamReadConstraints.builder()
            .maxNestingDepth(limits.maxJsonDepth())
            .maxNumberLength(limits.maxNumberLength())
            .maxStringLength(Integer.MAX_VALUE)
            .build())
        .streamWriteConstraints(StreamWriteConstraints.builder().maxNestingDepth(limits.maxJsonDepth() * 4).build())
        .build();
    this.mapper = JsonMapper.builder(factory)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .build();
    this.treeReader = mapper.readerFor(JsonNode.class);
    this.treeWriter = mapper.writerFor(JsonNode.class);
  }

  /** The mapper, for binding payloads to application types. */
  public ObjectMapper mapper() {
    return mapper;
  }

  /** Parses one complete JSON document. */
  public JsonNode parse(String json) {
    try {
      return treeReader.readTree(json);
    } catch (JsonProcessingException e) {
      throw new SocketProtocolException("invalid JSON: " + e.getOriginalMessage());
    } catch (RuntimeException e) {
      // Jackson reports some constraint violations as unchecked exceptions.
      throw new SocketProtocolException("invalid JSON", e);
    }
  }

  /** Writes a tree as compact JSON; the tree must hold no binary nodes. */
  public String write(JsonNode node) {
    try {
      return treeWriter.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write JSON", e);
    }
  }

  /**
   * Writes a tree as compact JSON in UTF-8 to {@code out}, which is not closed.
   *
   * @throws IOException if {@code out} fails
   */
  public void writeUtf8(JsonNode node, OutputStream out) throws IOException {
    // the character generator into a UTF-8 writer, not Jackson's UTF-8 generator: see Utf8Writer
    Utf8Writer utf8 = new Utf8Writer(out);
    try (JsonGenerator generator = mapper.getFactory().createGenerator(utf8)) {
      treeWriter.writeValue(generator, node);
    }
    utf8.flush();
  }
}
