package dev.visage.api.access;

import dev.visage.api.database.DatabaseSchema;
import dev.visage.common.error.ErrorType;
import dev.visage.common.error.VisageException;
import io.smallrye.mutiny.Uni;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mockito.AdditionalMatchers.aryEq;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/** Checking keys: the bootstrap key, remembered keys, and what a database outage does to them. */
class ApiKeyServiceTest {

    private static final String KEY = "vsk_a-key-this-test-made-up-000000000000000000";
    private static final String BOOTSTRAP = "bootstrap-key-for-this-test-only-0123456789";

    private final ApiKeyRepository repository = mock(ApiKeyRepository.class);
    private final DatabaseSchema schema = mock(DatabaseSchema.class);
    private final AuthConfig config = mock(AuthConfig.class);
    private final ApiKey stored = new ApiKey(UUID.randomUUID(), "kiosk", "vsk_a-key-th", Set.of(Scope.VERIFY), null,
            null, null, OffsetDateTime.now(), null, null, null);
    private ApiKeyService keys;

    @BeforeEach
    void keyStore() {
        when(config.bootstrapKey()).thenReturn(Optional.of(BOOTSTRAP));
        when(config.keyCacheTtl()).thenReturn(Duration.ZERO);
        when(config.lastUseResolution()).thenReturn(Duration.ofMinutes(1));
        when(schema.ensure()).thenReturn(Uni.createFrom().voidItem());
        when(repository.touch(any())).thenReturn(Uni.createFrom().voidItem());
        when(repository.findByHash(aryEq(ApiKeyService.sha256(KEY))))
                .thenReturn(Uni.createFrom().item(Optional.of(stored)));
        keys = new ApiKeyService(repository, schema, config);
    }

    @Test
    void theBootstrapKeyIsAnAdministratorWithoutAskingTheDatabase() {
        when(schema.ensure()).thenReturn(Uni.createFrom().failure(new IllegalStateException("not asked")));
        Caller caller = keys.authenticate(BOOTSTRAP).await().indefinitely();
        assertEquals(Caller.BOOTSTRAP_KEY_ID, caller.keyId());
        assertEquals(Set.of(Scope.values()), caller.scopes());
    }

    @Test
    void aKeySeenBeforeIsBelievedAsLastSeenWhileTheDatabaseIsDown() {
        assertEquals(stored.id(), keys.authenticate(KEY).await().indefinitely().keyId());
        when(repository.findByHash(any())).thenReturn(Uni.createFrom().failure(
                VisageException.database("authenticate_key", "connection refused", "Check PostgreSQL.")));
        assertEquals(stored.id(), keys.authenticate(KEY).await().indefinitely().keyId());
        VisageException never = assertThrows(VisageException.class,
                () -> keys.authenticate("vsk_never-seen-key").await().indefinitely());
        assertEquals(ErrorType.DATABASE_ERROR, never.type());
    }

    @Test
    void aShortBootstrapKeyIsRefusedAtStart() {
        when(config.bootstrapKey()).thenReturn(Optional.of("too-short"));
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> new ApiKeyService(repository, schema, config));
        assertEquals(true, refused.getMessage().contains("openssl rand -hex 32"));
    }
}
