package dev.parley.benchmarks.jmh;

import dev.parley.engineio.codec.EnginePacket;
import dev.parley.engineio.codec.EnginePacketCodec;
import dev.parley.engineio.codec.EnginePayloadCodec;
import java.util.ArrayList;
import java.util.List;
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

/** Engine.IO packet and polling payload encoding and decoding. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class EngineCodecBenchmark {

  /** Length of the message text of each packet. */
  @Param({"32", "1024"})
  public int size;

  private EnginePacket message;
  private String encodedMessage;
  private EnginePacket binary;
  private List<EnginePacket> tenPackets;
  private String payload;

  @Setup
  public void setup() {
    StringBuilder text = new StringBuilder("2[\"bench\",{\"t\":123456789,\"p\":\"");
    while (text.length() < size - 3) {
      text.append('x');
    }
    text.append("\"}]");
    message = EnginePacket.message(text.toString());
    encodedMessage = EnginePacketCodec.encodeText(message);
    binary = EnginePacket.binary(new byte[size]);
    tenPackets = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      tenPackets.add(i % 5 == 4 ? EnginePacket.PING : message);
    }
    payload = EnginePayloadCodec.encode(tenPackets);
  }

  @Benchmark
  public String encodeMessage() {
    return EnginePacketCodec.encodeText(message);
  }

  @Benchmark
  public EnginePacket decodeMessage() {
    return EnginePacketCodec.decodeText(encodedMessage);
  }

  /** A binary message inside a polling payload ({@code b<base64>}). */
  @Benchmark
  public String encodeBinaryBase64() {
    return EnginePacketCodec.encodeText(binary);
  }

  /** Payload concatenation: ten packets joined with the record separator. */
  @Benchmark
  public String encodePayloadOfTen() {
    return EnginePayloadCodec.encode(tenPackets);
  }

  @Benchmark
  public List<EnginePacket> decodePayloadOfTen() {
    return EnginePayloadCodec.decode(payload, 100);
  }
}
