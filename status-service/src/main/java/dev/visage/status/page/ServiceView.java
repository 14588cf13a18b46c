package dev.visage.status.page;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.visage.status.model.ServiceStatus;

/**
 * One service's line in the status component. {@code state} is its colour: {@code ok} (green) while healthy,
 * {@code down} (red) when a critical service is down, {@code warn} (amber) when a non-critical one is.
 * {@code error} and {@code suggestion} are only there while it is down.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"key", "name", "healthy", "state", "facts", "error", "suggestion"})
public record ServiceView(String key, String name, boolean healthy, String state, String facts, String error,
                          String suggestion) {

    static ServiceView of(String key, ServiceStatus status) {
        String facts = ServiceFacts.of(key, status.details());
        if (status.healthy()) {
            return new ServiceView(key, status.service(), true, "ok", facts, null, null);
        }
        return new ServiceView(key, status.service(), false, status.critical() ? "down" : "warn", facts,
                status.error() == null ? "unhealthy" : status.error(), status.suggestion());
    }
}
