package dev.parley.examroom.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The shared file helpers: ranges, escaped names, download names, markup in a header. */
class FileHelpersTest {

  @Test
  void rangesFollowRfc9110() {
    assertThat(ByteRange.parse(null, 100).kind()).isEqualTo(ByteRange.Kind.WHOLE);
    assertThat(ByteRange.parse("bytes=0-9", 100).range()).isEqualTo(new ByteRange(0, 9));
    assertThat(ByteRange.parse("bytes=90-", 100).range()).isEqualTo(new ByteRange(90, 99));
    assertThat(ByteRange.parse("bytes=-10", 100).range()).isEqualTo(new ByteRange(90, 99));
    assertThat(ByteRange.parse("bytes=-1000", 100).range()).isEqualTo(new ByteRange(0, 99));
    assertThat(ByteRange.parse("bytes=50-5000", 100).range()).isEqualTo(new ByteRange(50, 99));
    assertThat(ByteRange.parse("bytes=100-", 100).kind()).isEqualTo(ByteRange.Kind.UNSATISFIABLE);
    assertThat(ByteRange.parse("bytes=-0", 100).kind()).isEqualTo(ByteRange.Kind.UNSATISFIABLE);
    // not understood: ignored, the whole file is sent
    assertThat(ByteRange.parse("bytes=0-1,5-6", 100).kind()).isEqualTo(ByteRange.Kind.WHOLE);
    assertThat(ByteRange.parse("items=0-1", 100).kind()).isEqualTo(ByteRange.Kind.WHOLE);
    assertThat(ByteRange.parse("bytes=9-1", 100).kind()).isEqualTo(ByteRange.Kind.WHOLE);
    assertThat(ByteRange.parse("bytes=99999999999999999999-", 100).kind()).isEqualTo(ByteRange.Kind.WHOLE);
    assertThat(new ByteRange(0, 9).contentRange(100)).isEqualTo("bytes 0-9/100");
  }

  @Test
  void originalNamesAreEscapedAndCut() {
    assertThat(FileNames.escape("a.mp3\u0000.html")).isEqualTo("a.mp3\\u0000.html");
    assertThat(FileNames.escape("evil\u202Egnp.webm")).isEqualTo("evil\\u202egnp.webm");
    assertThat(FileNames.escape("..\\..\\x")).isEqualTo("..\\u005c..\\u005cx");
    assertThat(FileNames.escape("x".repeat(10_000))).hasSize(FileNames.MAX_NAME + 1);
    assertThat(FileNames.escape("h\u00e9llo \uD83C\uDFA4.ogg")).isEqualTo("h\u00e9llo \uD83C\uDFA4.ogg");
  }

  @Test
  void downloadNamesCannotBreakTheHeader() {
    assertThat(FileNames.attachmentDisposition("notes.txt", ".txt"))
        .isEqualTo("attachment; filename=\"notes.txt\"; filename*=UTF-8''notes.txt");
    assertThat(FileNames.attachmentDisposition("a\"b\r\nSet-Cookie: x=1;.png", ".png"))
        .isEqualTo("attachment; filename=\"a_b__Set-Cookie__x_1_.png\"; "
            + "filename*=UTF-8''a%22b%0D%0ASet-Cookie%3A%20x%3D1%3B.png");
    assertThat(FileNames.attachmentDisposition("r\u00e9sum\u00e9 \u8a66\u9a13.pdf", ".pdf"))
        .isEqualTo("attachment; filename=\"r_sum____.pdf\"; "
            + "filename*=UTF-8''r%C3%A9sum%C3%A9%20%E8%A9%A6%E9%A8%93.pdf");
    assertThat(FileNames.attachmentDisposition("../../etc/passwd", ".txt"))
        .startsWith("attachment; filename=\".._.._etc_passwd.txt\";");
    assertThat(FileNames.attachmentDisposition("photo.exe", ".png")).contains("filename=\"photo.exe.png\"");
    assertThat(FileNames.attachmentDisposition(null, ".gif")).contains("filename=\"download.gif\"");
    String fallback = FileNames.attachmentDisposition("y".repeat(300) + ".webp", ".webp").split("\"")[1];
    assertThat(fallback).hasSizeLessThanOrEqualTo(100).endsWith(".webp");
  }

  @Test
  void markupIsFoundInTheHeaderInAnyCase() {
    assertThat(Magic.containsMarkup("GIF89a<ScRiPt>".getBytes(StandardCharsets.ISO_8859_1))).isTrue();
    assertThat(Magic.containsMarkup("%PDF-1.7 plain".getBytes(StandardCharsets.ISO_8859_1))).isFalse();
    byte[] late = new byte[Magic.HEADER_SCAN + 10];
    System.arraycopy("<html".getBytes(StandardCharsets.ISO_8859_1), 0, late, Magic.HEADER_SCAN + 2, 5);
    assertThat(Magic.containsMarkup(late)).as("only the header is scanned").isFalse();
  }
}
