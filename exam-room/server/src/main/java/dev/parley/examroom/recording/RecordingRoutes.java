package dev.parley.examroom.recording;

import dev.parley.examroom.auth.Principal;
import dev.parley.examroom.files.FileDownload;
import dev.parley.examroom.http.ApiRequest;
import dev.parley.examroom.http.ApiResponse;
import dev.parley.examroom.http.Router;
import dev.parley.examroom.service.ApiException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

/**
 * The recording endpoints of {@code docs/events.md}: chunk upload, completion, info, playback with {@code Range}, and
 * seed 002's {@code POST /upload-audio}. It exists to keep HTTP shapes (status codes, headers, the seed's exact
 * answers) apart from {@link RecordingService}, which owns the files and rows.
 */
public final class RecordingRoutes {
  /** Room for the multipart boundaries and part headers around an upload of the chunk limit. */
  static final long MULTIPART_OVERHEAD = 64 * 1024;
  private static final Pattern SEQ = Pattern.compile("\\d{1,9}");
  private static final Pattern UNSAFE_IN_NAME = Pattern.compile("[^A-Za-z0-9_-]");

  private final RecordingService recordings;

  public RecordingRoutes(RecordingService recordings) {
    this.recordings = recordings;
  }

  public void register(Router router) {
    router.add("PUT", "/api/sessions/{id}/recording/chunks/{seq}", recordings.maxChunkBytes(), this::putChunk);
    router.post("/api/sessions/{id}/recording/complete", r -> recordings.complete(r.principal(), r.param("id"))
        .thenApply(rec -> ApiResponse.ok(RecordingService.view(rec))));
    router.get("/api/sessions/{id}/recording/info", r -> recordings.info(r.principal(), r.param("id"))
        .thenApply(ApiResponse::ok));
    router.get("/api/sessions/{id}/recording", this::play);
    // HEAD answers GET's headers; Netty's HTTP encoder drops the body of a response to HEAD
    router.add("HEAD", "/api/sessions/{id}/recording", 0, this::play);
    router.add("POST", "/upload-audio", recordings.maxChunkBytes() + MULTIPART_OVERHEAD, this::uploadAudio);
  }

  private CompletableFuture<ApiResponse> putChunk(ApiRequest r) {
    Principal p = r.principal();
    String seq = r.param("seq");
    if (!SEQ.matcher(seq).matches()) {
      throw ApiException.invalid("seq must be a chunk number (0, 1, 2, ...)");
    }
    if (!AudioType.isAcceptableDeclaration(r.header("Content-Type"))) {
      throw new ApiException("unsupported_media_type", 415,
          "a chunk is sent as audio/webm or audio/ogg (its type is then checked from its bytes)");
    }
    return recordings.appendChunk(p, r.param("id"), Integer.parseInt(seq), r.body())
        .thenApply(RecordingRoutes::chunkAnswer);
  }

  private static ApiResponse chunkAnswer(RecordingService.ChunkResult result) {
    if (result instanceof RecordingService.Gap gap) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("error", "conflict");
      body.put("message", "chunk " + gap.expectedSeq() + " is needed first");
      body.put("expectedSeq", gap.expectedSeq());
      return ApiResponse.json(409, body);
    }
    RecordingService.Stored stored = (RecordingService.Stored) result;
    Map<String, Object> body = RecordingService.view(stored.recording());
    body.put("duplicate", stored.duplicate());
    return ApiResponse.ok(body);
  }

  private CompletableFuture<ApiResponse> play(ApiRequest r) {
    String range = r.header("Range");
    return recordings.playback(r.principal(), r.param("id")).thenApply(pb -> playback(pb, range));
  }

  /** The file, whole (200) or one range of it (206), or 416 when the range misses it. */
  static ApiResponse playback(RecordingService.Playback pb, String rangeHeader) {
    String name = "recording-" + UNSAFE_IN_NAME.matcher(pb.sessionId()).replaceAll("_") + pb.type().extension();
    return FileDownload.serve(pb.path(), pb.bytes(), pb.type().mimeType(), "attachment; filename=\"" + name + "\"",
        rangeHeader);
  }

  /** Seed 002: the multipart field {@code audio}, answered exactly as the seed did. */
  private CompletableFuture<ApiResponse> uploadAudio(ApiRequest r) {
    Principal p = r.principal();
    return CompletableFuture.supplyAsync(() -> AudioUpload.parse(r.headers(), r.path(), r.body(),
        recordings.maxChunkBytes()), recordings.executor())
        .thenCompose(part -> part.isEmpty()
            ? CompletableFuture.completedFuture(ApiResponse.json(400, Map.of("error", "No audio file uploaded")))
            : recordings.storeUpload(p, part.get().data(), part.get().originalName()).thenApply(name -> {
              Map<String, Object> body = new LinkedHashMap<>();
              body.put("status", "success");
              body.put("message", "Audio uploaded and processed");
              body.put("filename", name);
              return ApiResponse.ok(body);
            }));
  }
}
