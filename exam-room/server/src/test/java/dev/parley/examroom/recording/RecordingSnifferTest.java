package dev.parley.examroom.recording;

import static dev.parley.examroom.recording.RecordingTestKit.concat;
import static dev.parley.examroom.recording.RecordingTestKit.oggOpus;
import static dev.parley.examroom.recording.RecordingTestKit.random;
import static dev.parley.examroom.recording.RecordingTestKit.webmHeader;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The magic-number check: each accepted container by its bytes, and the disguises it must refuse. */
class RecordingSnifferTest {

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static byte[] bytes(int... values) {
    byte[] b = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      b[i] = (byte) values[i];
    }
    return b;
  }

  @Test
  void recognisesEachAllowedContainerFromItsBytes() {
    assertThat(AudioSniffer.detect(webmHeader(100, 1))).contains(AudioType.WEBM);
    assertThat(AudioSniffer.detect(oggOpus(100, 2))).contains(AudioType.OGG);
    assertThat(AudioSniffer.detect(concat(bytes("RIFF"), bytes(36, 0, 0, 0), bytes("WAVEfmt "), random(30, 3))))
        .contains(AudioType.WAV);
    assertThat(AudioSniffer.detect(concat(bytes("ID3"), bytes(4, 0, 0, 0, 0, 0, 10), random(40, 4))))
        .contains(AudioType.MP3);
    assertThat(AudioSniffer.detect(concat(bytes(0xFF, 0xFB, 0x90, 0x64), random(40, 5)))).contains(AudioType.MP3);
    assertThat(AudioSniffer.detect(concat(bytes("fLaC"), bytes(0x80, 0, 0, 34), random(40, 6))))
        .contains(AudioType.FLAC);
    assertThat(AudioSniffer.detect(concat(bytes(0, 0, 0, 24), bytes("ftypM4A "), bytes(0, 0, 0, 0),
        bytes("M4A isom"), random(40, 7)))).contains(AudioType.MP4);
  }

  @Test
  void refusesExecutablesArchivesPagesAndImages() {
    assertThat(AudioSniffer.detect(concat(bytes("MZ"), bytes(0x90, 0, 3, 0), random(200, 8)))).isEmpty();
    assertThat(AudioSniffer.detect(concat(bytes("PK"), bytes(3, 4, 20, 0), random(200, 9)))).isEmpty();
    assertThat(AudioSniffer.detect(bytes("<!DOCTYPE html><html><script>alert(1)</script></html>"))).isEmpty();
    assertThat(AudioSniffer.detect(bytes("<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>")))
        .isEmpty();
    assertThat(AudioSniffer.detect(bytes("%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3"))).isEmpty();
    assertThat(AudioSniffer.detect(concat(bytes(0xFF, 0xD8, 0xFF, 0xE0), random(40, 10)))).isEmpty();
    assertThat(AudioSniffer.detect(bytes("\u0089PNG\r\n\u001a\n"))).isEmpty();
  }

  @Test
  void refusesPolyglotsTruncatedHeadersAndNothing() {
    // a real WebM header carrying a page: a browser that lost the type might render it
    byte[] polyglot = concat(webmHeader(0, 1), bytes("<html><body><script>alert(document.cookie)</script>"));
    assertThat(AudioSniffer.detect(polyglot)).isEmpty();
    assertThat(AudioSniffer.detect(concat(bytes("OggS"), bytes("<ScRiPt>alert(1)</sCrIpT>")))).isEmpty();
    // the EBML magic alone, or a Matroska video header, is not WebM audio
    assertThat(AudioSniffer.detect(concat(bytes(0x1A, 0x45, 0xDF, 0xA3), random(60, 11)))).isEmpty();
    byte[] matroska = webmHeader(10, 12);
    System.arraycopy(bytes("mkv\u0000"), 0, matroska, 24, 4);
    assertThat(AudioSniffer.detect(matroska)).isEmpty();
    assertThat(AudioSniffer.detect(bytes("RIFF\u0024\u0000\u0000\u0000WAV"))).isEmpty();
    assertThat(AudioSniffer.detect(bytes("RIFF\u0024\u0000\u0000\u0000WAVE"))).isEmpty();
    assertThat(AudioSniffer.detect(concat(bytes("RIFF"), bytes(36, 0, 0, 0), bytes("AVI LIST"), random(30, 13))))
        .isEmpty();
    assertThat(AudioSniffer.detect(Arrays.copyOf(webmHeader(0, 1), 20))).isEmpty();
    assertThat(AudioSniffer.detect(bytes("OggS"))).isEmpty();
    assertThat(AudioSniffer.detect(new byte[0])).isEmpty();
    assertThat(AudioSniffer.detect(new byte[4096])).isEmpty();
    // an Ogg stream of another codec (Theora video) is not audio
    byte[] theora = oggOpus(10, 14);
    System.arraycopy(bytes("\u0080theora\u0000"), 0, theora, 28, 8);
    assertThat(AudioSniffer.detect(theora)).isEmpty();
  }

  @Test
  void declaredTypesAreOnlyAGate() {
    assertThat(AudioType.isAcceptableDeclaration("audio/webm;codecs=opus")).isTrue();
    assertThat(AudioType.isAcceptableDeclaration("Audio/Ogg; codecs=opus")).isTrue();
    assertThat(AudioType.isAcceptableDeclaration("text/html")).isFalse();
    assertThat(AudioType.isAcceptableDeclaration("application/octet-stream")).isFalse();
    assertThat(AudioType.isAcceptableDeclaration(null)).isFalse();
  }
}
