package dev.visage.api.access;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Who is calling: the key's id and name (for the audit log and the rate limit), what it may do and where.
 * {@code collections} empty means every collection.
 *
 * @param requestsPerSecond the key's own rate, or empty for the server's default
 * @param burst             the key's own burst, or empty for the server's default
 */
public record Caller(UUID keyId, String keyName, Set<Scope> scopes, Optional<List<String>> collections,
                     Optional<Double> requestsPerSecond, Optional<Integer> burst) {

    /** The {@code SecurityIdentity} attribute that carries the caller. */
    public static final String ATTRIBUTE = "visage.caller";

    /** The bootstrap administrator of the configuration; a fixed id so that the audit log can name it. */
    public static final UUID BOOTSTRAP_KEY_ID = UUID.fromString("00000000-0000-0000-0000-00000000b007");

    /** Everyone, when authentication is switched off: recorded as such in the audit log. */
    public static final UUID UNAUTHENTICATED_ID = UUID.fromString("00000000-0000-0000-0000-000000000000");

    public static Caller of(ApiKey key) {
        return new Caller(key.id(), key.name(), Scope.granted(key.scopes()), Optional.ofNullable(key.collections()),
                Optional.ofNullable(key.requestsPerSecond()), Optional.ofNullable(key.burst()));
    }

    public static Caller bootstrapAdministrator() {
        return new Caller(BOOTSTRAP_KEY_ID, "bootstrap", Scope.granted(Set.of(Scope.ADMIN)), Optional.empty(),
                Optional.empty(), Optional.empty());
    }

    public static Caller unauthenticated() {
        return new Caller(UNAUTHENTICATED_ID, "unauthenticated (authentication is off)",
                Scope.granted(Set.of(Scope.ADMIN)), Optional.empty(), Optional.empty(), Optional.empty());
    }

    public boolean mayUse(String collection) {
        return collections.map(allowed -> allowed.contains(collection)).orElse(true);
    }
}
