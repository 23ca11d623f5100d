package dev.parley.socketio.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Utf8WriterTest {

  private static byte[] written(String text, int chunk) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (Utf8Writer writer = new Utf8Writer(out)) {
      for (int i = 0; i < text.length(); i += chunk) {
        int n = Math.min(chunk, text.length() - i);
        if (i % 2 == 0) {
          writer.write(text.toCharArray(), i, n);
        } else {
          writer.write(text, i, n);
        }
      }
    }
    return out.toByteArray();
  }

  @Test
  void writesWhatGetBytesWritesForEveryKindOfCharacter() throws IOException {
    String text = "ascii é € 😀 \u0000 \u07FF \u0800 \uFFFF \uD83D\uDE00";
    for (int chunk = 1; chunk <= text.length(); chunk++) {
      assertThat(written(text, chunk)).as("chunks of %d", chunk).isEqualTo(text.getBytes(StandardCharsets.UTF_8));
    }
  }

  @Test
  void loneSurrogatesBecomeQuestionMarksWhereverTheyAre() throws IOException {
    for (String text : new String[] {"\uD800", "\uDC00", "a\uD800", "\uD800b", "\uD800\uD800\uDC00", "\uDC00\uD800",
        "x\uD83D"}) {
      for (int chunk = 1; chunk <= text.length(); chunk++) {
        assertThat(written(text, chunk)).as("%s in chunks of %d", text, chunk)
            .isEqualTo(text.getBytes(StandardCharsets.UTF_8));
      }
    }
  }

  @Test
  void randomTextAcrossTheInternalBufferIsWrittenLikeGetBytes() throws IOException {
    Random random = new Random(42);
    char[] alphabet = {'a', 'z', '"', '\\', 'é', '€', '\uD83D', '\uDE00', '\uD800', '\uDFFF', '\u0800', '\u007F'};
    for (int round = 0; round < 200; round++) {
      StringBuilder sb = new StringBuilder();
      int length = random.nextInt(5000);
      for (int i = 0; i < length; i++) {
        sb.append(alphabet[random.nextInt(alphabet.length)]);
      }
      String text = sb.toString();
      int chunk = 1 + random.nextInt(3000);
      assertThat(written(text, chunk)).isEqualTo(text.getBytes(StandardCharsets.UTF_8));
    }
  }
}
