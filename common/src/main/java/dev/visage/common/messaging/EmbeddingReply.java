package dev.visage.common.messaging;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.Map;

/**
 * The worker's answer for one {@link EmbeddingRequest}: either the faces found (with embeddings where asked)
 * or a typed {@link WorkerError}.
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
        @JsonProperty("timing_ms") Map<String, Double> timingMs,
        @JsonProperty("batch_size") int batchSize,
        @JsonProperty("error") WorkerError error) {

    public boolean failed() {
        return error != null;
    }

    public static EmbeddingReply failure(String requestId, String workerId, WorkerError error) {
        return new EmbeddingReply(requestId, workerId, null, null, 0, 0, List.of(), Map.of(), 0, error);
    }
}
