package dev.visage.status.page;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/**
 * The warning above the services while any is down: {@code down} (red) when one of them is critical, else
 * {@code warn} (amber), with each down service's error and suggestion.
 */
@JsonPropertyOrder({"level", "title", "services"})
public record Banner(String level, String title, List<ServiceView> services) {

    /** Null while every service is up: there is nothing to warn about. */
    static Banner of(List<ServiceView> down) {
        if (down.isEmpty()) {
            return null;
        }
        boolean critical = down.stream().anyMatch(s -> "down".equals(s.state()));
        return new Banner(critical ? "down" : "warn",
                critical ? "Face verification is not fully available."
                        : "Some services are not fully operational; answers stay correct.",
                down);
    }
}
