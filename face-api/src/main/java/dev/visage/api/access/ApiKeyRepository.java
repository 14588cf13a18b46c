package dev.visage.api.access;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** API keys in PostgreSQL, found by the SHA-256 of the key; the key itself is never stored. */
@ApplicationScoped
public class ApiKeyRepository {

    private static final String COLUMNS = "id, name, key_prefix, scopes, collections, requests_per_second, burst, "
            + "created_at, last_used_at, expires_at, revoked_at";

    private final Pool pool;

    public ApiKeyRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<ApiKey> insert(UUID id, String name, byte[] keyHash, String keyPrefix, Set<Scope> scopes,
                              List<String> collections, Double requestsPerSecond, Integer burst,
                              OffsetDateTime expiresAt) {
        return pool.preparedQuery("INSERT INTO api_keys (id, name, key_hash, key_prefix, scopes, collections, "
                        + "requests_per_second, burst, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) "
                        + "RETURNING " + COLUMNS)
                .execute(Tuple.tuple().addUUID(id).addString(name).addBuffer(Buffer.buffer(keyHash))
                        .addString(keyPrefix).addArrayOfString(scopes.stream().map(Scope::wireName)
                                .toArray(String[]::new))
                        .addArrayOfString(collections == null ? null : collections.toArray(String[]::new))
                        .addDouble(requestsPerSecond).addInteger(burst).addOffsetDateTime(expiresAt))
                .map(rows -> toKey(rows.iterator().next()));
    }

    public Uni<Optional<ApiKey>> findByHash(byte[] keyHash) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM api_keys WHERE key_hash = $1")
                .execute(Tuple.tuple().addBuffer(Buffer.buffer(keyHash)))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toKey(rows.iterator().next())));
    }

    public Uni<Optional<ApiKey>> find(UUID id) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM api_keys WHERE id = $1")
                .execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toKey(rows.iterator().next())));
    }

    /** Every key, newest first; revoked ones too, so that an administrator sees what happened to them. */
    public Uni<List<ApiKey>> list() {
        return pool.query("SELECT " + COLUMNS + " FROM api_keys ORDER BY created_at DESC, id").execute()
                .map(rows -> {
                    List<ApiKey> keys = new ArrayList<>();
                    rows.forEach(row -> keys.add(toKey(row)));
                    return keys;
                });
    }

    /** Revokes the key; empty when there is no such key. Revoking twice keeps the first time. */
    public Uni<Optional<ApiKey>> revoke(UUID id) {
        return pool.preparedQuery("UPDATE api_keys SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1 "
                        + "RETURNING " + COLUMNS)
                .execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toKey(rows.iterator().next())));
    }

    public Uni<Void> touch(UUID id) {
        return pool.preparedQuery("UPDATE api_keys SET last_used_at = now() WHERE id = $1")
                .execute(Tuple.of(id)).replaceWithVoid();
    }

    private static ApiKey toKey(Row row) {
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        for (String scope : row.getArrayOfStrings("scopes")) {
            scopes.add(Scope.fromWireName(scope));
        }
        String[] collections = row.getArrayOfStrings("collections");
        return new ApiKey(row.getUUID("id"), row.getString("name"), row.getString("key_prefix"), scopes,
                collections == null ? null : List.of(collections), row.getDouble("requests_per_second"),
                row.getInteger("burst"), row.getOffsetDateTime("created_at"), row.getOffsetDateTime("last_used_at"),
                row.getOffsetDateTime("expires_at"), row.getOffsetDateTime("revoked_at"));
    }
}
