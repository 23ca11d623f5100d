package dev.parley.examroom.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The built web UI, loaded from the class path into memory once at start (it is small), so serving a file never
 * touches the disk on an event loop. Only files that exist in the build are served: a request path is a map key,
 * never a file-system path. The client-side routes of the single-page app answer with {@code index.html}.
 */
public final class StaticWeb {
  static final String ROOT = "META-INF/exam-room/web/";
  private static final Set<String> APP_ROUTES = Set.of("/", "/login", "/candidate", "/examiner", "/admin", "/chat",
      "/ws-test");

  /**
   * A file ready to send.
   *
   * @param bytes the content
   * @param contentType its type
   * @param etag a strong ETag
   * @param immutable whether the name is content-hashed (cache forever)
   */
  public record File(byte[] bytes, String contentType, String etag, boolean immutable) {}

  private final Map<String, File> files;

  private StaticWeb(Map<String, File> files) {
    this.files = files;
  }

  /** Loads the UI from the class path; an empty set when the UI module was not built. */
  public static StaticWeb load() {
    Map<String, File> files = new HashMap<>();
    URL root = StaticWeb.class.getClassLoader().getResource(ROOT + "index.html");
    if (root == null) {
      return new StaticWeb(files);
    }
    try {
      URI uri = root.toURI();
      if ("jar".equals(uri.getScheme())) {
        try (FileSystem fs = FileSystems.newFileSystem(uri, Map.of())) {
          collect(fs.getPath("/" + ROOT), files);
        }
      } else {
        collect(Path.of(uri).getParent(), files);
      }
    } catch (Exception e) {
      throw new IllegalStateException("cannot load the web UI", e);
    }
    return new StaticWeb(Map.copyOf(files));
  }

  private static void collect(Path dir, Map<String, File> files) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        if (Files.isRegularFile(p)) {
          String rel = "/" + dir.relativize(p).toString().replace('\\', '/');
          byte[] bytes;
          try (InputStream in = Files.newInputStream(p)) {
            bytes = in.readAllBytes();
          }
          files.put(rel, new File(bytes, contentType(rel), etag(bytes), rel.startsWith("/assets/")));
        }
      }
    }
  }

  public boolean available() {
    return files.containsKey("/index.html");
  }

  /** The file for a request path, {@code index.html} for the app's routes, else {@code null}. */
  public File find(String path) {
    File file = files.get(path);
    if (file != null) {
      return file;
    }
    return APP_ROUTES.contains(path) || APP_ROUTES.contains(stripTrailingSlash(path)) ? files.get("/index.html")
        : null;
  }

  private static String stripTrailingSlash(String path) {
    return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }

  static String contentType(String path) {
    String p = path.toLowerCase(Locale.ROOT);
    if (p.endsWith(".html")) {
      return "text/html; charset=utf-8";
    }
    if (p.endsWith(".js") || p.endsWith(".mjs")) {
      return "application/javascript; charset=utf-8";
    }
    if (p.endsWith(".css")) {
      return "text/css; charset=utf-8";
    }
    if (p.endsWith(".svg")) {
      return "image/svg+xml";
    }
    if (p.endsWith(".png")) {
      return "image/png";
    }
    if (p.endsWith(".ico")) {
      return "image/x-icon";
    }
    if (p.endsWith(".json") || p.endsWith(".map")) {
      return "application/json; charset=utf-8";
    }
    if (p.endsWith(".woff2")) {
      return "font/woff2";
    }
    return "application/octet-stream";
  }

  private static String etag(byte[] bytes) {
    try {
      return "\"" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 16) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new UncheckedIOException(new IOException(e));
    }
  }
}
