package dev.visage.api.retention;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A collection's retention period, and whether it is the server's default or its own. */
public record CollectionRetention(@JsonProperty("collection") String collection,
                                  @JsonProperty("retention_days") int retentionDays,
                                  @JsonProperty("retention_is_default") boolean isDefault) {
}
