package dev.visage.common.messaging;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.Map;

/**
 * The worker's answer for one {@link EmbeddingRequest}: either the faces found (with embeddings where asked)
 * or a typed {@link WorkerError}. {@code undersized_faces} are faces the detector saw but that are smaller than the
 * worker's minimum face size, largest first (absent when none): they are not described or embedded, but they let a
 * "no usable face" answer say that the face was too small rather than absent.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EmbeddingReply(
        @JsonProperty("request_id") String requestId,
        @JsonProperty("worker_id") String workerId,
        @JsonProperty("model") String model,
        @JsonProperty("execution_provider") String executionProvider,
        @JsonProperty("image_width") int imageWidth,
        @JsonProperty("image_height") int imageHeight,
        @JsonProperty("faces") List<FaceData> faces,
        @JsonProperty("undersized_faces") List<FaceData.Box> undersizedFaces,
        @JsonProperty("timing_ms") Map<String, Double> timingMs,
        @JsonProperty("batch_size") int batchSize,
        @JsonProperty("error") WorkerError error) {

    public boolean failed() {
        return error != null;
    }

    public static EmbeddingReply failure(String requestId, String workerId, WorkerError error) {
        return new EmbeddingReply(requestId, workerId, null, null, 0, 0, List.of(), null, Map.of(), 0, error);
    }
}
