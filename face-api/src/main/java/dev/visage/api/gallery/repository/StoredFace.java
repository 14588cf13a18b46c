package dev.visage.api.gallery.repository;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * One enrolled photo's face. {@code state} follows the enrolment/erasure protocol: {@code pending} (row written,
 * vector not yet confirmed in the index), {@code active}, {@code deleting} (vector being removed).
 */
public record StoredFace(UUID id, UUID subjectId, String collection, String state, float[] embedding, String model,
                         double detectionScore, double width, double height, String photoSha256,
                         OffsetDateTime createdAt) {
}
