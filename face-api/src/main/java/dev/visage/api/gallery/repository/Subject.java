package dev.visage.api.gallery.repository;

import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;

/**
 * A person enrolled in one collection. {@code lastActivityAt} is the last enrolment or match: the retention period
 * counts from it.
 */
public record Subject(UUID id, String collection, String externalId, String name, Map<String, Object> metadata,
                      OffsetDateTime createdAt, OffsetDateTime lastActivityAt) {
}
