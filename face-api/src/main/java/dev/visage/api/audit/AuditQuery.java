package dev.visage.api.audit;

import java.time.OffsetDateTime;
import java.util.UUID;

/** Filters of the audit log; null means any. Newest first, {@code offset}/{@code limit} paged. */
public record AuditQuery(UUID keyId, AuditAction action, String collection, UUID subjectId, OffsetDateTime from,
                         OffsetDateTime to, int offset, int limit) {
}
