package dev.parley.examroom.recording;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recordings directory. It exists to keep every file operation in one place with the same guarantees: a path is
 * only ever {@code <uuid><extension>} inside the directory (checked again when read back from the database), links
 * are not followed, every write is forced to disk before the caller acknowledges it, and an append holds an
 * exclusive lock on the file so that a start-up trim on another node never cuts bytes being committed. Callers run
 * on a worker thread, never on a Netty event loop.
 */
final class RecordingFiles {
  private static final Logger log = LoggerFactory.getLogger(RecordingFiles.class);
  private static final Pattern NAME = Pattern.compile(
      "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\.(webm|ogg|wav|mp3|flac|m4a)");

  /** Work done on a file while its lock is held. */
  @FunctionalInterface
  interface LockedWork<T> {
    T run(Handle file) throws IOException;
  }

  private final Path dir;

  RecordingFiles(Path dir) {
    this.dir = dir.toAbsolutePath().normalize();
    try {
      Files.createDirectories(this.dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the recordings directory " + this.dir, e);
    }
  }

  Path dir() {
    return dir;
  }

  /** Whether {@code name} is a name this class could have generated. */
  static boolean isServerName(String name) {
    return name != null && NAME.matcher(name).matches();
  }

  /** The path of a server-generated name; anything else (or anything escaping the directory) is refused. */
  Path path(String name) {
    if (!isServerName(name)) {
      throw new IllegalStateException("not a server-generated recording name");
    }
    Path path = dir.resolve(name).normalize();
    if (!path.startsWith(dir) || !dir.equals(path.getParent())) {
      throw new IllegalStateException("recording path outside the recordings directory");
    }
    return path;
  }

  /** Creates a new file with {@code data}, durably: the bytes and the directory entry are forced to disk. */
  void create(String name, byte[] data) {
    Path path = path(name);
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
        LinkOption.NOFOLLOW_LINKS)) {
      writeFully(ch, 0, data);
      ch.force(true);
    } catch (FileAlreadyExistsException e) {
      throw new IllegalStateException("a recording file with a fresh UUID already exists", e);
    } catch (IOException e) {
      deleteQuietly(name);
      throw new UncheckedIOException("cannot write the recording", e);
    }
    forceDirectory();
  }

  /** Runs {@code work} on an existing file with its exclusive lock held. */
  <T> T locked(String name, LockedWork<T> work) {
    Path path = path(name);
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
      ch.lock(); // released when the channel closes
      return work.run(new Handle(ch));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot update the recording", e);
    }
  }

  /** The file's current length, or -1 if it is missing. */
  long size(String name) {
    Path path = path(name);
    try {
      return Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS) ? Files.size(path) : -1;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the recording", e);
    }
  }

  void deleteQuietly(String name) {
    try {
      Files.deleteIfExists(path(name));
    } catch (IOException e) {
      log.warn("could not delete the unacknowledged recording {}: {}", name, e.getMessage());
    }
  }

  /** Names in the directory that look like ours, for the start-up report of files without a row. */
  List<String> serverNames() {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).filter(RecordingFiles::isServerName).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the recordings directory", e);
    }
  }

  /** Makes a new directory entry durable; a platform that cannot open directories keeps its own guarantees. */
  private void forceDirectory() {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      log.debug("cannot force the recordings directory: {}", e.getMessage());
    }
  }

  private static void writeFully(FileChannel ch, long position, byte[] data) throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(data);
    long at = position;
    while (buffer.hasRemaining()) {
      at += ch.write(buffer, at);
    }
  }

  /** A locked, open recording file. */
  static final class Handle {
    private final FileChannel channel;

    private Handle(FileChannel channel) {
      this.channel = channel;
    }

    long size() throws IOException {
      return channel.size();
    }

    /** Cuts bytes past {@code length} (an append that was never acknowledged) and forces the cut to disk. */
    void truncate(long length) throws IOException {
      channel.truncate(length);
      channel.force(true);
    }

    /** Writes {@code data} at {@code position} and forces it, with the new length, to disk. */
    void writeDurably(long position, byte[] data) throws IOException {
      writeFully(channel, position, data);
      channel.force(true);
    }
  }
}
