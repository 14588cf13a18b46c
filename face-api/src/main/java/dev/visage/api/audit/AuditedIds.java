package dev.visage.api.audit;

import java.util.List;
import java.util.UUID;

/**
 * An answer that names the subjects, face or key an operation touched, for the audit log. Ids only: never images,
 * embeddings or similarities.
 */
public interface AuditedIds {

    default List<UUID> auditedSubjects() {
        return List.of();
    }

    default UUID auditedFace() {
        return null;
    }

    default UUID auditedKey() {
        return null;
    }
}
