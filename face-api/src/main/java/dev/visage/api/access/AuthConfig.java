package dev.visage.api.access;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

@ConfigMapping(prefix = "visage.auth")
public interface AuthConfig {

    /**
     * Whether every API call needs a key. Off only by this explicit setting, for a closed test network: face-api then
     * logs a warning at start and reports it in its readiness data, which the status page shows.
     */
    @WithDefault("true")
    boolean enabled();

    /**
     * An administrator key from the environment ({@code VISAGE_AUTH_BOOTSTRAP_KEY}, a Kubernetes Secret), at least
     * 32 characters: the way into a fresh installation to create the real keys. Never written to the database.
     */
    Optional<String> bootstrapKey();

    /**
     * How long a key checked against PostgreSQL is believed without asking again. A key revoked through another
     * face-api replica stops working here at most this much later; through this one, at once.
     */
    @WithDefault("5s")
    Duration keyCacheTtl();

    /** How rarely a key's {@code last_used_at} is written: at most once per this interval and key. */
    @WithDefault("60s")
    Duration lastUseResolution();
}
