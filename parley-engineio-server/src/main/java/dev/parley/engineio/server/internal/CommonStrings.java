package dev.parley.engineio.server.internal;

import java.util.HashMap;
import java.util.Map;

/**
 * One shared instance of the strings almost every handshake carries: header names, the Engine.IO query and the
 * values that never vary between clients.
 *
 * <p>It exists for memory: every connection keeps its handshake for its whole life (the reference's
 * {@code socket.handshake}), and the HTTP decoder makes a new {@code String} of every name and value of every
 * request, so 10,000 idle connections held 10,000 copies of {@code "sec-websocket-key"}, {@code "EIO"} or
 * {@code "websocket"}. Only known strings are shared; anything else is kept as it came.
 */
final class CommonStrings {
  private static final Map<String, String> KNOWN = new HashMap<>();

  static {
    String[] known = {
      // header names, lower-case as the handshake keeps them
      "host", "connection", "upgrade", "origin", "user-agent", "accept", "accept-encoding", "accept-language",
      "cache-control", "pragma", "cookie", "referer", "content-type", "content-length", "authorization",
      "sec-websocket-key", "sec-websocket-version", "sec-websocket-extensions", "sec-websocket-protocol",
      "sec-fetch-dest", "sec-fetch-mode", "sec-fetch-site", "sec-ch-ua", "sec-ch-ua-mobile", "sec-ch-ua-platform",
      "x-forwarded-for", "x-forwarded-proto", "x-forwarded-host", "x-real-ip", "forwarded", "dnt", "priority",
      // values every client of a kind sends alike
      "Upgrade", "upgrade", "keep-alive", "Keep-Alive", "websocket", "13", "*/*", "no-cache", "gzip, deflate",
      "gzip, deflate, br", "gzip, deflate, br, zstd", "permessage-deflate; client_max_window_bits", "same-origin",
      "cross-site", "same-site", "empty", "cors", "?0", "u=1, i", "https", "http",
      // the Engine.IO query
      "EIO", "4", "3", "transport", "polling", "sid", "t", "b64", "j",
    };
    for (String s : known) {
      KNOWN.put(s, s);
    }
  }

  private CommonStrings() {}

  /** The shared instance equal to {@code s}, or {@code s} itself. */
  static String canonical(String s) {
    String shared = KNOWN.get(s);
    return shared != null ? shared : s;
  }
}
