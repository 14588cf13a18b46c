package dev.visage.status.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.visage.common.error.ErrorType;

import java.util.Map;

/**
 * One service's entry in a status document, as the specification shows it ({@code service}, {@code status},
 * {@code healthy}, {@code details}), plus, when it is down, what went wrong ({@code error}, {@code error_type}
 * from the error model) and what to do about it ({@code suggestion}). {@code critical} says whether its outage
 * makes the whole document unhealthy or only degraded.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"service", "status", "healthy", "critical", "details", "error", "error_type", "suggestion"})
public record ServiceStatus(
        @JsonProperty("service") String service,
        @JsonProperty("healthy") boolean healthy,
        @JsonProperty("critical") boolean critical,
        @JsonProperty("details") Map<String, Object> details,
        @JsonProperty("error") String error,
        @JsonProperty("error_type") ErrorType errorType,
        @JsonProperty("suggestion") String suggestion) {

    @JsonProperty("status")
    public String status() {
        return healthy ? "success" : "error";
    }

    public static ServiceStatus up(String service, Map<String, Object> details) {
        return new ServiceStatus(service, true, false, details, null, null, null);
    }

    public static ServiceStatus down(String service, Map<String, Object> details, ErrorType type, String error,
                                     String suggestion) {
        return new ServiceStatus(service, false, false, details, error, type, suggestion);
    }

    public ServiceStatus withCritical(boolean critical) {
        return new ServiceStatus(service, healthy, critical, details, error, errorType, suggestion);
    }
}
