package dev.parley.benchmarks.jmh;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.socketio.codec.CodecLimits;
import dev.parley.socketio.codec.EncodedPacket;
import dev.parley.socketio.codec.JsonCodec;
import dev.parley.socketio.codec.SocketPacket;
import dev.parley.socketio.codec.SocketPacketDecoder;
import dev.parley.socketio.codec.SocketPacketEncoder;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Socket.IO event encoding and decoding, with and without binary attachments. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SocketCodecBenchmark {

  /** Length of the string (text events) or byte array (binary events) in the payload. */
  @Param({"32", "1024"})
  public int size;

  private SocketPacketEncoder encoder;
  private SocketPacketDecoder decoder;
  private SocketPacket event;
  private String encodedEvent;
  private SocketPacket binaryEvent;
  private String binaryHeader;
  private byte[] attachment;

  @Setup
  public void setup() {
    JsonCodec json = new JsonCodec(CodecLimits.DEFAULTS);
    encoder = new SocketPacketEncoder(json);
    decoder = new SocketPacketDecoder(json, CodecLimits.DEFAULTS);
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode data = f.objectNode().put("t", 123_456_789L).put("s", 42).put("p", "x".repeat(size));
    ArrayNode args = f.arrayNode().add("bench").add(data);
    event = SocketPacket.event("/", args);
    encodedEvent = encoder.encode(event).text();
    attachment = new byte[size];
    ArrayNode binArgs = f.arrayNode().add("upload").add(f.objectNode().put("name", "f").set("data",
        f.binaryNode(attachment)));
    binaryEvent = SocketPacket.event("/", binArgs, 7);
    binaryHeader = encoder.encode(binaryEvent).text();
  }

  @Benchmark
  public EncodedPacket encodeEvent() {
    return encoder.encode(event);
  }

  @Benchmark
  public SocketPacket decodeEvent() {
    return decoder.decodeText(encodedEvent);
  }

  /** Deconstruction: binary nodes replaced by placeholders, attachments collected. */
  @Benchmark
  public EncodedPacket encodeBinaryEvent() {
    return encoder.encode(binaryEvent);
  }

  /** Reconstruction: the text part, then the attachment put back in place of its placeholder. */
  @Benchmark
  public SocketPacket decodeBinaryEvent() {
    decoder.decodeText(binaryHeader);
    return decoder.decodeBinary(attachment);
  }
}
