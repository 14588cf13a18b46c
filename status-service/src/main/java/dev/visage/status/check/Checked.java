package dev.visage.status.check;

import dev.visage.status.model.ServiceStatus;

import java.time.Instant;

/**
 * A check's result: the key it appears under in the status document (the vector index appears as
 * {@code milvus} or {@code vector_index}, depending on what face-api runs), the entry, and when it was taken.
 */
public record Checked(String key, ServiceStatus status, Instant checkedAt) {

    public static Checked now(String key, ServiceStatus status) {
        return new Checked(key, status, Instant.now());
    }
}
