package dev.visage.api.index;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * A remote gallery index that is opened when first needed and opened again after a failed attempt, so the gateway
 * starts, serves 1:1 verification and reports the vector store as down in its readiness while the store is
 * unreachable, and recovers without a restart once it answers. While the store stays down, attempts are spaced by
 * {@code retryAfter}: calls in between fail at once with the last error instead of each waiting for a connect
 * timeout.
 */
public final class ReconnectingGalleryIndex implements GalleryIndex {

    private static final Logger LOG = Logger.getLogger(ReconnectingGalleryIndex.class);

    private final String kind;
    private final Map<String, Object> description;
    private final Supplier<GalleryIndex> opener;
    private final Duration retryAfter;
    private final Clock clock;
    private volatile GalleryIndex opened;
    private IndexException lastFailure;
    private Instant nextAttempt = Instant.MIN;
    private boolean closed;

    /**
     * @param kind        the adapter's kind, as its {@link IndexStatus} names it
     * @param description what to report about the store while it is not open (address without credentials...)
     * @param opener      opens the adapter, failing with an {@link IndexException} when it cannot
     */
    public ReconnectingGalleryIndex(String kind, Map<String, Object> description, Supplier<GalleryIndex> opener,
                                    Duration retryAfter, Clock clock) {
        this.kind = kind;
        this.description = new LinkedHashMap<>(description);
        this.opener = opener;
        this.retryAfter = retryAfter;
        this.clock = clock;
    }

    @Override
    public void upsert(List<IndexedFace> faces) {
        index("upsert_faces").upsert(faces);
    }

    @Override
    public void deleteFaces(String collection, Collection<String> faceIds) {
        index("delete_faces").deleteFaces(collection, faceIds);
    }

    @Override
    public void deleteSubject(String collection, String subjectId) {
        index("delete_subject").deleteSubject(collection, subjectId);
    }

    @Override
    public List<IndexMatch> search(String collection, float[] vector, int topK) {
        return index("search_similar_faces").search(collection, vector, topK);
    }

    @Override
    public Set<String> faceIds(String collection) {
        return index("list_face_ids").faceIds(collection);
    }

    @Override
    public Set<String> collections() {
        return index("list_collections").collections();
    }

    /** The adapter's own status once open; before that, why it is not. Health checks drive the reconnection. */
    @Override
    public String kind() {
        return kind;
    }

    @Override
    public IndexStatus status() {
        try {
            return index("open_gallery_index").status();
        } catch (IndexException e) {
            Map<String, Object> details = new LinkedHashMap<>(description);
            details.put("error", "not connected: " + e.getMessage());
            return new IndexStatus(kind, false, details);
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (opened != null) {
            opened.close();
        }
    }

    private GalleryIndex index(String operation) {
        GalleryIndex index = opened;
        return index != null ? index : open(operation);
    }

    private synchronized GalleryIndex open(String operation) {
        if (opened != null) {
            return opened;
        }
        if (closed) {
            throw new IndexException(operation, "the gallery index is closed", null);
        }
        Instant now = clock.instant();
        if (now.isBefore(nextAttempt)) {
            throw new IndexException(operation, lastFailure.getMessage(), lastFailure);
        }
        try {
            opened = opener.get();
            if (lastFailure != null) {
                LOG.infof("gallery index (%s) connected after an outage", kind);
            }
            lastFailure = null;
            return opened;
        } catch (IndexException e) {
            if (lastFailure == null) {
                LOG.warnf("gallery index (%s) unavailable, next attempt in %s: %s", kind, retryAfter,
                        e.getMessage());
            }
            lastFailure = e;
            nextAttempt = now.plus(retryAfter);
            throw new IndexException(operation, e.getMessage(), e);
        }
    }
}
