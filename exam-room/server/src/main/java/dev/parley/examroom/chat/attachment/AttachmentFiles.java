package dev.parley.examroom.chat.attachment;

import dev.parley.examroom.files.ServerDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chat attachments directory. It exists to give an upload a life cycle with nothing left behind: bytes stream
 * into {@code <uuid>.part}, which is forced to disk and renamed atomically to {@code <uuid><extension>} once the
 * whole body is in and its type is known; a failed or abandoned upload deletes its part file, and a part file a crash
 * left behind is deleted at the next start. Names are the server's only ({@link ServerDirectory}). Callers run on a
 * worker thread, never on a Netty event loop.
 */
final class AttachmentFiles {
  private static final Logger log = LoggerFactory.getLogger(AttachmentFiles.class);
  static final String PART = ".part";
  private static final String UUID_PATTERN = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

  private final ServerDirectory dir;

  AttachmentFiles(Path dir) {
    this.dir = new ServerDirectory(dir, Pattern.compile(UUID_PATTERN + "\\.(part|"
        + AttachmentType.extensionPattern() + ")"), "chat attachment");
  }

  Path dir() {
    return dir.dir();
  }

  /** A new, empty part file for an upload; its id is the attachment's. */
  Part create() {
    String id = UUID.randomUUID().toString();
    Path path = dir.path(id + PART);
    try {
      return new Part(id, FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
          LinkOption.NOFOLLOW_LINKS));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create an attachment file", e);
    }
  }

  /** The path of a stored attachment's file (its name is checked again: it came from the database). */
  Path path(String fileName) {
    return dir.path(fileName);
  }

  long size(String fileName) {
    return dir.size(fileName);
  }

  void deleteQuietly(String fileName) {
    dir.deleteQuietly(fileName);
  }

  /** Deletes part files older than {@code before}: uploads a crash cut off (younger ones may be another node's). */
  int sweepParts(Instant before) {
    int deleted = 0;
    for (String name : dir.serverNames()) {
      if (name.endsWith(PART) && modifiedBefore(dir.path(name), before)) {
        dir.deleteQuietly(name);
        deleted++;
      }
    }
    if (deleted > 0) {
      log.info("deleted {} chat attachment uploads left unfinished in {}", deleted, dir.dir());
    }
    return deleted;
  }

  private static boolean modifiedBefore(Path path, Instant before) {
    try {
      return Files.getLastModifiedTime(path, LinkOption.NOFOLLOW_LINKS).compareTo(FileTime.from(before)) < 0;
    } catch (IOException e) {
      return false; // gone meanwhile
    }
  }

  /** An upload's part file, open for writing. */
  final class Part {
    private final String id;
    private final FileChannel channel;
    private long size;

    private Part(String id, FileChannel channel) {
      this.id = id;
      this.channel = channel;
    }

    String id() {
      return id;
    }

    long size() {
      return size;
    }

    void append(byte[] piece) throws IOException {
      ServerDirectory.writeFully(channel, size, piece);
      size += piece.length;
    }

    /** Forces the bytes to disk and renames the part to its final name; returns that name. */
    String complete(AttachmentType type) throws IOException {
      channel.force(true);
      channel.close();
      String name = id + type.extension();
      Files.move(dir.path(id + PART), dir.path(name), StandardCopyOption.ATOMIC_MOVE);
      dir.forceDirectory();
      return name;
    }

    /** Closes and deletes the part file (an upload that failed or was abandoned). */
    void discard() {
      try {
        channel.close();
      } catch (IOException e) {
        log.debug("closing an abandoned attachment upload: {}", e.getMessage());
      }
      dir.deleteQuietly(id + PART);
    }
  }
}
