package dev.visage.api.access;

import dev.visage.api.database.DatabaseSchema;
import dev.visage.common.error.VisageException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import static dev.visage.api.database.DatabaseErrors.database;

/**
 * Creates, lists, revokes and checks API keys.
 *
 * <p>A key is 256 random bits, shown once. PostgreSQL keeps only its SHA-256: a slow password hash protects guessable
 * secrets, and a 256-bit random key cannot be guessed, while a plain hash can be looked up by index on every request.
 * Checked keys are remembered for {@link AuthConfig#keyCacheTtl()}, so a busy key costs PostgreSQL one query per
 * interval and a revocation through another replica takes effect within it. While PostgreSQL cannot be asked, a key
 * this replica has checked before is believed as it was last seen, so that 1:1 verification, which needs no
 * database, keeps working through a database outage for every client that was already using it.
 */
@ApplicationScoped
public class ApiKeyService {

    private static final Logger LOG = Logger.getLogger(ApiKeyService.class);
    /** Marks a Visage key in logs, configuration and secret scanners. */
    public static final String KEY_MARK = "vsk_";
    private static final int KEY_BYTES = 32;
    private static final int SHOWN_PREFIX = KEY_MARK.length() + 8;
    private static final int MIN_BOOTSTRAP_LENGTH = 32;
    private static final int MAX_PRESENTED_LENGTH = 256;
    private static final int MAX_CACHED_KEYS = 10_000;

    private final ApiKeyRepository keys;
    private final DatabaseSchema schema;
    private final AuthConfig config;
    private final SecureRandom random = new SecureRandom();
    private final Optional<byte[]> bootstrapHash;
    private final Map<String, Checked> checked = new ConcurrentHashMap<>();
    private final Map<UUID, Long> lastTouched = new ConcurrentHashMap<>();

    public ApiKeyService(ApiKeyRepository keys, DatabaseSchema schema, AuthConfig config) {
        this.keys = keys;
        this.schema = schema;
        this.config = config;
        this.bootstrapHash = config.bootstrapKey().filter(key -> !key.isBlank()).map(key -> {
            if (key.length() < MIN_BOOTSTRAP_LENGTH) {
                throw new IllegalStateException("visage.auth.bootstrap-key (VISAGE_AUTH_BOOTSTRAP_KEY) must be at "
                        + "least " + MIN_BOOTSTRAP_LENGTH + " characters; generate one with: openssl rand -hex 32");
            }
            return sha256(key);
        });
    }

    /** A new key: the stored view and the key itself, which is not kept anywhere. */
    public record CreatedKey(ApiKey key, String secret) {
    }

    public Uni<CreatedKey> create(String name, Set<Scope> scopes, List<String> collections,
                                  Double requestsPerSecond, Integer burst, OffsetDateTime expiresAt) {
        byte[] bytes = new byte[KEY_BYTES];
        random.nextBytes(bytes);
        String secret = KEY_MARK + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        return database("create_key", schema.ensure().chain(() -> keys.insert(UUID.randomUUID(), name,
                        sha256(secret), secret.substring(0, SHOWN_PREFIX), scopes, collections, requestsPerSecond,
                        burst, expiresAt)))
                .map(stored -> new CreatedKey(stored, secret));
    }

    public Uni<List<ApiKey>> list() {
        return database("list_keys", schema.ensure().chain(keys::list));
    }

    public Uni<ApiKey> get(UUID id) {
        return database("get_key", schema.ensure().chain(() -> keys.find(id)))
                .map(found -> found.orElseThrow(() -> notFound(id)));
    }

    /** Revokes the key at once on this replica; other replicas stop believing it within the cache interval. */
    public Uni<ApiKey> revoke(UUID id) {
        return database("revoke_key", schema.ensure().chain(() -> keys.revoke(id)))
                .map(found -> found.orElseThrow(() -> notFound(id)))
                .invoke(revoked -> checked.values().removeIf(entry -> entry.keyId().equals(id)));
    }

    /** The caller a presented key stands for; fails with a 401 for an unknown, expired or revoked key. */
    public Uni<Caller> authenticate(String presented) {
        if (presented.isEmpty() || presented.length() > MAX_PRESENTED_LENGTH) {
            return Uni.createFrom().failure(VisageException.unauthenticated("The API key is empty or too long."));
        }
        byte[] hash = sha256(presented);
        if (bootstrapHash.isPresent() && MessageDigest.isEqual(bootstrapHash.get(), hash)) {
            return Uni.createFrom().item(Caller.bootstrapAdministrator());
        }
        String cacheKey = HexFormat.of().formatHex(hash);
        Checked remembered = checked.get(cacheKey);
        long now = System.nanoTime();
        if (remembered != null && now - remembered.checkedAt() < config.keyCacheTtl().toNanos()) {
            return accept(remembered);
        }
        return database("authenticate_key", schema.ensure().chain(() -> keys.findByHash(hash)))
                .map(found -> {
                    if (found.isEmpty()) {
                        return new Checked(null, null, now);
                    }
                    ApiKey key = found.get();
                    Checked result = new Checked(key.id(), key.usableAt(OffsetDateTime.now(ZoneOffset.UTC))
                            ? Caller.of(key) : null, now);
                    if (checked.size() >= MAX_CACHED_KEYS) {
                        checked.clear();
                    }
                    checked.put(cacheKey, result);
                    return result;
                })
                .onFailure(VisageException.class).recoverWithUni(failure -> {
                    if (remembered == null) {
                        return Uni.createFrom().failure(failure);
                    }
                    LOG.debugf("PostgreSQL unavailable, key %s believed as last checked", remembered.keyId());
                    return Uni.createFrom().item(remembered);
                })
                .chain(this::accept);
    }

    private Uni<Caller> accept(Checked result) {
        if (result.caller() == null) {
            return Uni.createFrom().failure(VisageException.unauthenticated(result.keyId() == null
                    ? "The API key is not known." : "The API key has expired or was revoked."));
        }
        recordUse(result.caller().keyId());
        return Uni.createFrom().item(result.caller());
    }

    /** Writes {@code last_used_at} at most once per resolution interval and key, without holding up the request. */
    private void recordUse(UUID keyId) {
        long now = System.nanoTime();
        long resolution = config.lastUseResolution().toNanos();
        Long previous = lastTouched.get(keyId);
        if (previous != null && now - previous < resolution) {
            return;
        }
        lastTouched.put(keyId, now);
        keys.touch(keyId).subscribe().with(done -> { },
                failure -> LOG.debugf("last_used_at of key %s not written: %s", keyId, failure.getMessage()));
    }

    private static VisageException notFound(UUID id) {
        return VisageException.notFound("No API key " + id, "key_id=" + id, "List the keys with GET /api/v1/keys.");
    }

    static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** What PostgreSQL said about a presented key, and when: {@code caller} null for an unusable key. */
    private record Checked(UUID keyId, Caller caller, long checkedAt) {
    }
}
