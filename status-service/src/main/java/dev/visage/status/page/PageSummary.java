package dev.visage.status.page;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.visage.status.check.VectorIndexCheck;
import dev.visage.status.model.OverallStatus;
import dev.visage.status.model.ServiceStatus;
import dev.visage.status.model.StatusReport;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The verdict over the documents shown: the worst of their {@code overall_status}, healthy/total over their
 * services counted once (the embedding workers are in both documents; a service down in either counts as down),
 * the banner, and when the oldest result shown was taken.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"overall_status", "state", "label", "healthy_count", "total_count", "banner", "notices",
        "checked_at"})
public record PageSummary(
        @JsonProperty("overall_status") OverallStatus overallStatus,
        @JsonProperty("state") String state,
        @JsonProperty("label") String label,
        @JsonProperty("healthy_count") int healthyCount,
        @JsonProperty("total_count") int totalCount,
        @JsonProperty("banner") Banner banner,
        @JsonProperty("notices") List<String> notices,
        @JsonProperty("checked_at") Instant checkedAt) {

    static PageSummary of(List<StatusReport> reports) {
        OverallStatus overall = OverallStatus.HEALTHY;
        Instant checkedAt = null;
        Map<String, ServiceStatus> services = new LinkedHashMap<>();
        for (StatusReport report : reports) {
            if (report.overallStatus().ordinal() > overall.ordinal()) {
                overall = report.overallStatus();
            }
            if (checkedAt == null || (report.checkedAt() != null && report.checkedAt().isBefore(checkedAt))) {
                checkedAt = report.checkedAt();
            }
            report.services().forEach((key, status) ->
                    services.merge(key, status, (seen, next) -> seen.healthy() ? next : seen));
        }
        List<ServiceView> views = services.entrySet().stream()
                .map(e -> ServiceView.of(e.getKey(), e.getValue()))
                .toList();
        List<ServiceView> down = views.stream().filter(s -> !s.healthy()).toList();
        List<String> notices = notices(services.values());
        return new PageSummary(overall, stateOf(overall), labelOf(overall), views.size() - down.size(),
                views.size(), Banner.of(down), notices.isEmpty() ? null : notices, checkedAt);
    }

    /**
     * Protections face-api runs without (API keys not required, templates stored in the clear), as it reports them
     * in its readiness: shown above everything, whatever the services' health, because they are choices nobody
     * should miss.
     */
    private static List<String> notices(Iterable<ServiceStatus> services) {
        Set<String> notices = new LinkedHashSet<>();
        for (ServiceStatus service : services) {
            if (service.details() != null
                    && service.details().get(VectorIndexCheck.PROTECTION_DETAIL) instanceof Map<?, ?> protection) {
                protection.forEach((what, state) -> {
                    String text = String.valueOf(state);
                    if (text.startsWith("OFF") || text.startsWith("UNENCRYPTED")) {
                        notices.add("face-api " + what + ": " + text);
                    }
                });
            }
        }
        return List.copyOf(notices);
    }

    /** A document's colour: green, amber or red, like its services'. */
    private static String stateOf(OverallStatus overall) {
        return switch (overall) {
            case HEALTHY -> "ok";
            case DEGRADED -> "warn";
            case UNHEALTHY -> "down";
        };
    }

    private static String labelOf(OverallStatus overall) {
        return switch (overall) {
            case HEALTHY -> "Healthy";
            case DEGRADED -> "Degraded";
            case UNHEALTHY -> "Unhealthy";
        };
    }
}
