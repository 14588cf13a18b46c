package dev.visage.api.access;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.visage.api.audit.AuditedIds;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * A stored API key as an administrator sees it: never the key itself, which exists only in the answer that created
 * it, but its first characters ({@code key_prefix}) to tell keys apart. {@code collections} null means every
 * collection; the rate fields null mean the server's defaults.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ApiKey(
        UUID id,
        String name,
        @JsonProperty("key_prefix") String keyPrefix,
        Set<Scope> scopes,
        List<String> collections,
        @JsonProperty("requests_per_second") Double requestsPerSecond,
        Integer burst,
        @JsonProperty("created_at") OffsetDateTime createdAt,
        @JsonProperty("last_used_at") OffsetDateTime lastUsedAt,
        @JsonProperty("expires_at") OffsetDateTime expiresAt,
        @JsonProperty("revoked_at") OffsetDateTime revokedAt) implements AuditedIds {

        @Override
        public UUID auditedKey() {
            return id;
        }

    /** Whether the key may be used at {@code now}: not revoked and not expired. */
    public boolean usableAt(OffsetDateTime now) {
        return revokedAt == null && (expiresAt == null || expiresAt.isAfter(now));
    }
}
