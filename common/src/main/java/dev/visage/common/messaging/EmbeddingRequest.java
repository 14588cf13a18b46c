package dev.visage.common.messaging;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One photo sent to the embedding worker. The Kafka record key is {@code requestId}; the worker answers on
 * the reply topic with an {@link EmbeddingReply} carrying the same id.
 *
 * @param requestId correlates the reply with the waiting caller
 * @param imageName how the caller named the photo (form field or file name), used in error messages
 * @param image     the encoded photo bytes exactly as uploaded
 * @param embed     which detected faces get an embedding
 */
public record EmbeddingRequest(
        @JsonProperty("request_id") String requestId,
        @JsonProperty("image_name") String imageName,
        @JsonProperty("image") byte[] image,
        @JsonProperty("embed") EmbedSelection embed) {
}
