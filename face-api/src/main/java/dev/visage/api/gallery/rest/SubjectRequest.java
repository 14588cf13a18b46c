package dev.visage.api.gallery.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.visage.web.PlainText;
import dev.visage.web.StorableJson;

import java.util.Map;

/** A subject to create; checked before any database call, so a client's mistake is never a database error. */
public record SubjectRequest(
        @Schema(example = "emp-1001") @JsonProperty("external_id") @PlainText(max = 256) String externalId,
        @Schema(example = "Alice") @JsonProperty("name") @PlainText(max = 256) String name,
        @JsonProperty("metadata") @StorableJson Map<String, Object> metadata) {
}
