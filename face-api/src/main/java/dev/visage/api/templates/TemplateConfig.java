package dev.visage.api.templates;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Optional;

/** How face templates (embeddings) are sealed in PostgreSQL. */
@ConfigMapping(prefix = "visage.templates")
public interface TemplateConfig {

    /**
     * The template keys, {@code id:base64-of-32-bytes}, comma-separated ({@code VISAGE_TEMPLATES_KEYS}, a Kubernetes
     * Secret; make one with {@code openssl rand -base64 32}). Old keys stay listed until nothing is sealed with them.
     */
    Optional<String> keys();

    /** The key new templates are sealed with and re-encryption moves every template to; absent: the first listed. */
    Optional<String> activeKey();

    /**
     * Whether templates are sealed at all. Off only by this explicit setting; face-api then stores float32 in the
     * clear and warns at start. On without keys, face-api refuses to start.
     */
    @WithDefault("true")
    boolean encrypted();

    /** Templates re-encrypted per transaction by a rotation pass. */
    @WithDefault("500")
    int reencryptBatch();
}
