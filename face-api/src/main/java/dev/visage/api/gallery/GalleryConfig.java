package dev.visage.api.gallery;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

@ConfigMapping(prefix = "visage.gallery")
public interface GalleryConfig {

    /** {@code embedded} (Lucene on this node's disk, searched exhaustively) or {@code milvus} (scale-out). */
    @WithDefault("embedded")
    IndexKind index();

    Embedded embedded();

    Milvus milvus();

    /**
     * Similarity at or above which an enrolled face matches in identification and subject verification. Stricter
     * than the 1:1 default because every extra enrolled person is another chance of a false accept.
     */
    @WithDefault("0.45")
    double threshold();

    /** Matches returned by identify when the caller does not say. */
    @WithDefault("5")
    int defaultTopK();

    /** Upper bound on {@code top_k}. */
    @WithDefault("100")
    int maxTopK();

    /** How often PostgreSQL and the index are reconciled (pending enrolments, unfinished erasures, orphans). */
    @WithDefault("5m")
    Duration reconcileInterval();

    /** Enrolments still pending after this long are taken to be interrupted and are finished by reconciliation. */
    @WithDefault("30s")
    Duration pendingGrace();

    enum IndexKind {
        embedded,
        milvus
    }

    interface Embedded {
        @WithDefault(".data/gallery-index")
        Path dataDir();
    }

    interface Milvus {
        Optional<String> uri();

        Optional<String> token();

        @WithDefault("visage_faces")
        String collection();

        /** While Milvus is unreachable, how long after a failed connection attempt the next one is made. */
        @WithDefault("5s")
        Duration reconnectInterval();
    }
}
