package dev.visage.status.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The small body of the health endpoints, for load balancers and monitors: the verdict and who is down. */
@JsonPropertyOrder({"overall_status", "healthy_count", "total_count", "unhealthy_services", "checked_at"})
public record HealthSummary(
        @JsonProperty("overall_status") OverallStatus overallStatus,
        @JsonProperty("healthy_count") int healthyCount,
        @JsonProperty("total_count") int totalCount,
        @JsonProperty("unhealthy_services") List<String> unhealthyServices,
        @JsonProperty("checked_at") Instant checkedAt) {

    public static HealthSummary of(StatusReport report) {
        return new HealthSummary(report.overallStatus(), report.healthyCount(), report.totalCount(),
                report.services().entrySet().stream().filter(e -> !e.getValue().healthy()).map(Map.Entry::getKey)
                        .toList(),
                report.checkedAt());
    }
}
