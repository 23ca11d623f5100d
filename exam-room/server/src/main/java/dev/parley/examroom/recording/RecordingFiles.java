package dev.parley.examroom.recording;

import dev.parley.examroom.files.ServerDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The recordings directory. It exists to keep every file operation in one place with the same guarantees: a path is
 * only ever {@code <uuid><extension>} inside the directory ({@link ServerDirectory}), every write is forced to disk
 * before the caller acknowledges it, and an append holds an exclusive lock on the file so that a start-up trim on
 * another node never cuts bytes being committed. Callers run on a worker thread, never on a Netty event loop.
 */
final class RecordingFiles {
  private static final Pattern NAME = Pattern.compile(
      "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\.(webm|ogg|wav|mp3|flac|m4a)");

  /** Work done on a file while its lock is held. */
  @FunctionalInterface
  interface LockedWork<T> {
    T run(Handle file) throws IOException;
  }

  private final ServerDirectory dir;

  RecordingFiles(Path dir) {
    this.dir = new ServerDirectory(dir, NAME, "recording");
  }

  Path dir() {
    return dir.dir();
  }

  /** Whether {@code name} is a name this class could have generated. */
  static boolean isServerName(String name) {
    return name != null && NAME.matcher(name).matches();
  }

  /** The path of a server-generated name; anything else (or anything escaping the directory) is refused. */
  Path path(String name) {
    return dir.path(name);
  }

  /** Creates a new file with {@code data}, durably: the bytes and the directory entry are forced to disk. */
  void create(String name, byte[] data) {
    Path path = path(name);
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
        LinkOption.NOFOLLOW_LINKS)) {
      ServerDirectory.writeFully(ch, 0, data);
      ch.force(true);
    } catch (FileAlreadyExistsException e) {
      throw new IllegalStateException("a recording file with a fresh UUID already exists", e);
    } catch (IOException e) {
      deleteQuietly(name);
      throw new UncheckedIOException("cannot write the recording", e);
    }
    dir.forceDirectory();
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
    return dir.size(name);
  }

  void deleteQuietly(String name) {
    dir.deleteQuietly(name);
  }

  /** Names in the directory that look like ours, for the start-up report of files without a row. */
  List<String> serverNames() {
    return dir.serverNames();
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
      ServerDirectory.writeFully(channel, position, data);
      channel.force(true);
    }
  }
}
