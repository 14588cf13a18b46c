package dev.visage.api.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * One recorded operation: who (the key), what, when, where (collection, subject and face ids, the key acted on) and
 * how it ended ({@code ok} or the {@code error_type}, with the HTTP status).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuditEvent(
        @JsonProperty("id") Long id,
        @JsonProperty("at") OffsetDateTime at,
        @JsonProperty("request_id") String requestId,
        @JsonProperty("key_id") UUID keyId,
        @JsonProperty("key_name") String keyName,
        @JsonProperty("action") AuditAction action,
        @JsonProperty("collection") String collection,
        @JsonProperty("subject_ids") List<UUID> subjectIds,
        @JsonProperty("face_id") UUID faceId,
        @JsonProperty("target_key_id") UUID targetKeyId,
        @JsonProperty("outcome") String outcome,
        @JsonProperty("status") int status) {

    public static final String OK = "ok";
}
