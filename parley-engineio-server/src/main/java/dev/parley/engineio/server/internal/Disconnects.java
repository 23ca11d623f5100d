package dev.parley.engineio.server.internal;

import dev.parley.engineio.server.CloseReason;
import dev.parley.engineio.server.HandshakeRequest;
import java.net.InetSocketAddress;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one log of disconnections, shared by the Engine.IO and Socket.IO layers: each session close and each socket
 * disconnect is logged once, with the client's address and {@code Origin}, under the logger
 * {@value #LOGGER_NAME}, so that operators can raise or lower it on its own. Abnormal reasons (the client broke a
 * rule or a limit, or stopped answering) are logged at INFO, normal ones at DEBUG.
 *
 * <p>Nothing a client chose is logged but its {@code Origin}: no query string, no header but Origin, no auth
 * payload; a detail's quoted parts (where a parser may quote the offending input) are elided and its length capped.
 */
public final class Disconnects {
  /** The logger's name. */
  public static final String LOGGER_NAME = "dev.parley.disconnects";
  /** The logger itself. */
  public static final Logger LOG = LoggerFactory.getLogger(LOGGER_NAME);

  private static final int MAX_DETAIL = 160;
  private static final Pattern QUOTED = Pattern.compile("'[^']*'|\"[^\"]*\"");
  private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");

  private Disconnects() {}

  /** Whether an Engine.IO close reason means something went wrong (INFO) rather than an ordinary end (DEBUG). */
  public static boolean isAbnormal(CloseReason reason) {
    return switch (reason) {
      case PARSE_ERROR, POLICY_VIOLATION, SLOW_CONSUMER, PING_TIMEOUT, TRANSPORT_ERROR -> true;
      case TRANSPORT_CLOSE, FORCED_CLOSE, SERVER_SHUTTING_DOWN -> false;
    };
  }

  /** Whether a line of that kind would be written; the arguments are worth building only then. */
  public static boolean enabled(boolean abnormal) {
    return abnormal ? LOG.isInfoEnabled() : LOG.isDebugEnabled();
  }

  /** Logs at INFO if {@code abnormal}, else at DEBUG. */
  public static void log(boolean abnormal, String format, Object... args) {
    if (abnormal) {
      LOG.info(format, args);
    } else {
      LOG.debug(format, args);
    }
  }

  /** {@code " (detail)"}, made safe to log, or {@code ""}. */
  public static String detail(String detail) {
    if (detail == null || detail.isEmpty()) {
      return "";
    }
    String safe = CONTROL.matcher(QUOTED.matcher(detail).replaceAll("'…'")).replaceAll("?");
    if (safe.length() > MAX_DETAIL) {
      safe = safe.substring(0, MAX_DETAIL) + "…";
    }
    return " (" + safe + ")";
  }

  /** The client's address, {@code host:port}. */
  public static String remote(HandshakeRequest request) {
    InetSocketAddress address = request.remoteAddress();
    return address == null ? "?" : address.getHostString() + ":" + address.getPort();
  }

  /** The request's {@code Origin}, or {@code -} without one; capped, as anything a client sends. */
  public static String origin(HandshakeRequest request) {
    String origin = request.header("origin");
    if (origin == null) {
      return "-";
    }
    String safe = CONTROL.matcher(origin).replaceAll("?");
    return safe.length() > MAX_DETAIL ? safe.substring(0, MAX_DETAIL) + "…" : safe;
  }
}
