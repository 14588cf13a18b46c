package dev.visage.status.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.time.Instant;
import java.util.Map;

/**
 * The {@code data} of a status document: the specification's fields, plus {@code checked_at}, when the oldest
 * of the results it shows was taken (results are reused for {@code visage.status.cache-ttl}).
 */
@JsonPropertyOrder({"overall_status", "services", "healthy_count", "total_count", "checked_at"})
public record StatusReport(
        @JsonProperty("overall_status") OverallStatus overallStatus,
        @JsonProperty("services") Map<String, ServiceStatus> services,
        @JsonProperty("healthy_count") int healthyCount,
        @JsonProperty("total_count") int totalCount,
        @JsonProperty("checked_at") Instant checkedAt) {
}
