package dev.visage.api.gallery.rest;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Map;

/** A subject to create. */
public record SubjectRequest(
        @JsonProperty("external_id") String externalId,
        @JsonProperty("name") String name,
        @JsonProperty("metadata") Map<String, Object> metadata) {
}
