package dev.parley.examroom.http;

import dev.parley.examroom.service.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a route answers: a status, a body and headers, or a file region (audio playback).
 *
 * @param status the HTTP status
 * @param contentType the body's type
 * @param body the bytes
 * @param headers extra headers
 * @param cookies Set-Cookie values
 * @param file a file to stream instead of {@code body}, or {@code null}
 */
public record ApiResponse(int status, String contentType, byte[] body, Map<String, String> headers,
    List<String> cookies, FileBody file) {

  /**
   * A part of a file to send with zero copy.
   *
   * @param path the file
   * @param offset the first byte
   * @param length how many bytes
   */
  public record FileBody(java.nio.file.Path path, long offset, long length) {}

  public static ApiResponse json(int status, Object value) {
    return new ApiResponse(status, "application/json; charset=utf-8",
        Json.write(value).getBytes(StandardCharsets.UTF_8), new LinkedHashMap<>(), new ArrayList<>(), null);
  }

  public static ApiResponse ok(Object value) {
    return json(200, value);
  }

  public static ApiResponse noContent() {
    return new ApiResponse(204, null, new byte[0], new LinkedHashMap<>(), new ArrayList<>(), null);
  }

  public static ApiResponse error(int status, String code, String message) {
    return json(status, Map.of("error", code, "message", message));
  }

  public static ApiResponse file(int status, String contentType, FileBody file) {
    return new ApiResponse(status, contentType, new byte[0], new LinkedHashMap<>(), new ArrayList<>(), file);
  }

  public ApiResponse header(String name, String value) {
    headers.put(name, value);
    return this;
  }

  public ApiResponse cookie(String setCookie) {
    cookies.add(setCookie);
    return this;
  }
}
