package dev.parley.examroom.chat.attachment;

import static dev.parley.examroom.chat.attachment.Samples.concat;
import static dev.parley.examroom.chat.attachment.Samples.random;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.examroom.service.ApiException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The allowlist by content: each allowed type from its bytes, however it arrives, and the disguises refused. */
class ContentCheckTest {

  /** The type of {@code data} fed in pieces of {@code piece} bytes, as an upload streams in. */
  private static AttachmentType typeOf(byte[] data, int piece) {
    ContentCheck check = new ContentCheck();
    for (int at = 0; at < data.length; at += piece) {
      check.accept(Arrays.copyOfRange(data, at, Math.min(data.length, at + piece)));
    }
    return check.finish();
  }

  private static AttachmentType typeOf(byte[] data) {
    return typeOf(data, 1000);
  }

  private static void assertRefused(byte[] data) {
    assertThatThrownBy(() -> typeOf(data)).isInstanceOfSatisfying(ApiException.class,
        e -> assertThat(e.status()).isEqualTo(415));
  }

  @Test
  void recognisesEachAllowedTypeByItsBytes() {
    assertThat(typeOf(Samples.png(10_000))).isEqualTo(AttachmentType.PNG);
    assertThat(typeOf(Samples.jpeg(10_000))).isEqualTo(AttachmentType.JPEG);
    assertThat(typeOf(Samples.gif(100))).isEqualTo(AttachmentType.GIF);
    assertThat(typeOf(Samples.webp(100))).isEqualTo(AttachmentType.WEBP);
    assertThat(typeOf(Samples.pdf(100))).isEqualTo(AttachmentType.PDF);
    assertThat(typeOf(Samples.text("Notes for Part 2:\n\t- my hometown\r\n"))).isEqualTo(AttachmentType.TEXT);
    byte[] ogg = concat("OggS".getBytes(StandardCharsets.US_ASCII), new byte[] {0, 2}, new byte[20],
        new byte[] {1, 19}, "OpusHead".getBytes(StandardCharsets.US_ASCII), random(100, 7));
    assertThat(typeOf(ogg).mimeType()).isEqualTo("audio/ogg");
  }

  @Test
  void textIsCheckedToTheEndAcrossPieces() {
    byte[] accented = Samples.text("caf\u00e9 \u00e0 la cr\u00e8me, \u8a66\u9a13 \uD83C\uDFA4 ".repeat(2000));
    // pieces of 7 bytes cut every multi-byte character somewhere
    assertThat(typeOf(accented, 7)).isEqualTo(AttachmentType.TEXT);
    byte[] nulLate = concat(Samples.text("a".repeat(ContentCheck.HEAD * 3)), new byte[] {0}, Samples.text("b"));
    assertRefused(nulLate);
    byte[] badUtf8Late = concat(Samples.text("a".repeat(ContentCheck.HEAD * 2)), new byte[] {(byte) 0xC3, 'x'});
    assertRefused(badUtf8Late);
    byte[] cutAtTheEnd = concat(Samples.text("abc"), new byte[] {(byte) 0xE8, (byte) 0xA9});
    assertRefused(cutAtTheEnd);
  }

  @Test
  void disguisesAndActiveContentAreRefused() {
    assertRefused(Samples.exe());
    assertRefused(Samples.html());
    assertRefused(Samples.svg());
    assertRefused(Samples.text("  \n<p onclick=\"steal()\">looks like notes</p>"));
    assertRefused(Samples.text("\uFEFF<div>a page with a byte order mark</div>"));
    assertRefused(Samples.text("bell \u0007 and escape \u001b[31m"));
    assertRefused(Samples.text("a C1 control \u0085 here"));
    // a real image header carrying markup: a polyglot a browser might render if the type were lost
    assertRefused(concat(Samples.gif(10), Samples.text("<script>alert(1)</script>")));
    assertRefused(random(5000, 9));
  }

  @Test
  void anEmptyFileIsInvalid() {
    assertThatThrownBy(() -> new ContentCheck().finish()).isInstanceOfSatisfying(ApiException.class,
        e -> assertThat(e.code()).isEqualTo("invalid"));
  }
}
