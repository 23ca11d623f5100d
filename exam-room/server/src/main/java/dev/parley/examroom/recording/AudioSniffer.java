package dev.parley.examroom.recording;

import static dev.parley.examroom.files.Magic.ascii;
import static dev.parley.examroom.files.Magic.startsWith;

import dev.parley.examroom.files.Magic;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Recognises an audio container by its first bytes (its magic number and a little of its header), never by the
 * client's {@code Content-Type} or file name. It exists so that a recording or upload cannot be an executable, an
 * archive or a page in disguise: anything not positively recognised is refused, and so is a header that also
 * carries markup (a polyglot that a browser might render if the type were ever lost).
 */
public final class AudioSniffer {
  private static final byte[] EBML = {0x1A, 0x45, (byte) 0xDF, (byte) 0xA3};
  private static final int EBML_DOC_TYPE = 0x4282;
  private static final List<byte[]> OGG_CODECS = List.of(ascii("OpusHead"), ascii("\u0001vorbis"),
      ascii("\u007fFLAC"), ascii("Speex   "));
  private static final Set<String> MP4_BRANDS = Set.of("M4A ", "M4B ", "mp41", "mp42", "isom", "iso2", "iso4",
      "iso5", "iso6", "dash");

  private AudioSniffer() {}

  /** The type of a recording or upload that starts with {@code head}, or empty when it is not audio we accept. */
  public static Optional<AudioType> detect(byte[] head) {
    if (head == null || head.length < 4 || Magic.containsMarkup(head)) {
      return Optional.empty();
    }
    if (startsWith(head, 0, EBML)) {
      return isWebm(head) ? Optional.of(AudioType.WEBM) : Optional.empty();
    }
    if (startsWith(head, 0, ascii("OggS"))) {
      return isOggAudio(head) ? Optional.of(AudioType.OGG) : Optional.empty();
    }
    if (startsWith(head, 0, ascii("RIFF"))) {
      return isWave(head) ? Optional.of(AudioType.WAV) : Optional.empty();
    }
    if (startsWith(head, 0, ascii("fLaC"))) {
      return isFlac(head) ? Optional.of(AudioType.FLAC) : Optional.empty();
    }
    if (startsWith(head, 0, ascii("ID3"))) {
      return isId3(head) ? Optional.of(AudioType.MP3) : Optional.empty();
    }
    if (isMpegFrame(head)) {
      return Optional.of(AudioType.MP3);
    }
    if (isMp4(head)) {
      return Optional.of(AudioType.MP4);
    }
    return Optional.empty();
  }

  /** An EBML header whose DocType is {@code webm}; MediaRecorder's first chunk always holds the whole header. */
  private static boolean isWebm(byte[] b) {
    int[] sizeLen = vint(b, 4, false);
    if (sizeLen == null) {
      return false;
    }
    int pos = 4 + sizeLen[1];
    long end = Math.min((long) pos + sizeLen[0], b.length);
    while (pos < end) {
      int[] id = vint(b, pos, true);
      if (id == null || id[1] > 4) {
        return false;
      }
      int[] size = vint(b, pos + id[1], false);
      if (size == null) {
        return false;
      }
      int data = pos + id[1] + size[1];
      if (data + (long) size[0] > b.length) {
        return false;
      }
      if (id[0] == EBML_DOC_TYPE) {
        String docType = new String(b, data, size[0], StandardCharsets.US_ASCII).replace("\u0000", "");
        return docType.equals("webm");
      }
      pos = data + size[0];
    }
    return false;
  }

  /**
   * An EBML variable-length integer at {@code pos}: {value, length}, or {@code null} if it does not fit in the
   * bytes or in an int. Element ids keep their length marker ({@code raw}); sizes drop it.
   */
  private static int[] vint(byte[] b, int pos, boolean raw) {
    if (pos >= b.length || b[pos] == 0) {
      return null;
    }
    int first = b[pos] & 0xFF;
    int length = Integer.numberOfLeadingZeros(first) - 23;
    if (pos + length > b.length) {
      return null;
    }
    long value = raw ? first : first & (0xFF >> length);
    for (int i = 1; i < length; i++) {
      value = (value << 8) | (b[pos + i] & 0xFF);
    }
    return value > Integer.MAX_VALUE ? null : new int[] {(int) value, length};
  }

  /** The first page of an Ogg stream (version 0, beginning of stream) whose first packet is an audio codec's. */
  private static boolean isOggAudio(byte[] b) {
    if (b.length < 27 || b[4] != 0 || (b[5] & 0x02) == 0) {
      return false;
    }
    int payload = 27 + (b[26] & 0xFF);
    return OGG_CODECS.stream().anyMatch(codec -> startsWith(b, payload, codec));
  }

  /** {@code RIFF<size>WAVE} followed by the first chunk's four-letter id (a bare or cut header is refused). */
  private static boolean isWave(byte[] b) {
    if (b.length < 20 || !startsWith(b, 8, ascii("WAVE"))) {
      return false;
    }
    for (int i = 12; i < 16; i++) {
      if (b[i] < 0x20 || b[i] > 0x7E) {
        return false;
      }
    }
    return true;
  }

  /** {@code fLaC} and a STREAMINFO block of its fixed length 34 first, as the format requires. */
  private static boolean isFlac(byte[] b) {
    return b.length >= 8 && (b[4] & 0x7F) == 0 && b[5] == 0 && b[6] == 0 && b[7] == 34;
  }

  /** An ID3v2 tag header: version 2 to 4 and a synchsafe size. */
  private static boolean isId3(byte[] b) {
    if (b.length < 10 || b[3] < 2 || b[3] > 4 || (b[4] & 0xFF) == 0xFF) {
      return false;
    }
    for (int i = 6; i < 10; i++) {
      if ((b[i] & 0x80) != 0) {
        return false;
      }
    }
    return true;
  }

  /** An MPEG audio frame header: 11 sync bits and no reserved version, layer, bitrate, rate or emphasis. */
  private static boolean isMpegFrame(byte[] b) {
    if ((b[0] & 0xFF) != 0xFF || (b[1] & 0xE0) != 0xE0) {
      return false;
    }
    int version = (b[1] >> 3) & 0x3;
    int layer = (b[1] >> 1) & 0x3;
    int bitrate = (b[2] >> 4) & 0xF;
    int rate = (b[2] >> 2) & 0x3;
    int emphasis = b[3] & 0x3;
    return version != 1 && layer != 0 && bitrate != 0 && bitrate != 0xF && rate != 3 && emphasis != 2;
  }

  /** An ISO media file whose first box is {@code ftyp} with an audio-capable brand. */
  private static boolean isMp4(byte[] b) {
    if (b.length < 16 || !startsWith(b, 4, ascii("ftyp"))) {
      return false;
    }
    long boxSize = ((b[0] & 0xFFL) << 24) | ((b[1] & 0xFF) << 16) | ((b[2] & 0xFF) << 8) | (b[3] & 0xFF);
    return boxSize >= 16 && MP4_BRANDS.contains(new String(b, 8, 4, StandardCharsets.US_ASCII));
  }
}
