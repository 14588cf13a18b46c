package dev.visage.status.model;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * {@code healthy}: everything answers. {@code degraded}: something non-critical is down (Redis: answers stay
 * correct, only slower). {@code unhealthy}: something the answers depend on is down.
 */
public enum OverallStatus {
    HEALTHY("healthy"),
    DEGRADED("degraded"),
    UNHEALTHY("unhealthy");

    private final String wireName;

    OverallStatus(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    /** Whether clients can use the suite: the health endpoints answer 200 for this, 503 otherwise. */
    public boolean usable() {
        return this != UNHEALTHY;
    }
}
