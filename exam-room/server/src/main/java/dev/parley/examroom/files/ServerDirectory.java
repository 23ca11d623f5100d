package dev.parley.examroom.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
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
 * A directory of files named by the server only. It exists so that recordings and chat attachments keep the same
 * guarantees: a path is only ever a name matching the directory's pattern, resolved inside it (checked again when a
 * name comes back from the database), links are not followed, and a new entry can be forced to disk. Callers run on
 * a worker thread, never on a Netty event loop.
 */
public final class ServerDirectory {
  private static final Logger log = LoggerFactory.getLogger(ServerDirectory.class);

  private final Path dir;
  private final Pattern names;
  private final String what;

  /**
   * Opens (creating it if needed) a directory.
   *
   * @param dir the directory
   * @param names the names the server generates, and the only ones ever resolved
   * @param what what the files are, for messages ("recording")
   */
  public ServerDirectory(Path dir, Pattern names, String what) {
    this.dir = dir.toAbsolutePath().normalize();
    this.names = names;
    this.what = what;
    try {
      Files.createDirectories(this.dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the " + what + " directory " + this.dir, e);
    }
  }

  public Path dir() {
    return dir;
  }

  /** Whether {@code name} is a name the server could have generated. */
  public boolean isServerName(String name) {
    return name != null && names.matcher(name).matches();
  }

  /** The path of a server-generated name; anything else (or anything escaping the directory) is refused. */
  public Path path(String name) {
    if (!isServerName(name)) {
      throw new IllegalStateException("not a server-generated " + what + " name");
    }
    Path path = dir.resolve(name).normalize();
    if (!path.startsWith(dir) || !dir.equals(path.getParent())) {
      throw new IllegalStateException(what + " path outside its directory");
    }
    return path;
  }

  /** The file's current length, or -1 if it is missing. */
  public long size(String name) {
    Path path = path(name);
    try {
      return Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS) ? Files.size(path) : -1;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the " + what, e);
    }
  }

  /** Deletes a file if it is there; a failure is logged (the file is then an orphan), never thrown. */
  public void deleteQuietly(String name) {
    try {
      Files.deleteIfExists(path(name));
    } catch (IOException e) {
      log.warn("could not delete the {} {}: {}", what, name, e.getMessage());
    }
  }

  /** Names in the directory that look like ours. */
  public List<String> serverNames() {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).filter(this::isServerName).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the " + what + " directory", e);
    }
  }

  /** Makes new directory entries durable; a platform that cannot open directories keeps its own guarantees. */
  public void forceDirectory() {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      log.debug("cannot force the {} directory: {}", what, e.getMessage());
    }
  }

  /** Writes all of {@code data} at {@code position}. */
  public static void writeFully(FileChannel ch, long position, byte[] data) throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(data);
    long at = position;
    while (buffer.hasRemaining()) {
      at += ch.write(buffer, at);
    }
  }
}
