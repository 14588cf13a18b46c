package dev.visage.api.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.visage.api.index.embedded.LuceneGalleryIndex;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A vector store that is down when the gateway starts, or goes away, must not stop the gateway. */
class ReconnectingGalleryIndexTest {

    private static final int DIMENSION = 8;
    private static final Map<String, Object> WHERE = Map.of("uri", "http://milvus:19530", "collection", "faces");

    @TempDir
    Path dataDir;

    private final MutableClock clock = new MutableClock();
    private final AtomicInteger attempts = new AtomicInteger();
    private volatile boolean storeUp;

    private ReconnectingGalleryIndex index() {
        return new ReconnectingGalleryIndex("milvus", WHERE, () -> {
            attempts.incrementAndGet();
            if (!storeUp) {
                throw new IndexException("open_gallery_index", "UNAVAILABLE: connection refused", null);
            }
            return LuceneGalleryIndex.open(dataDir, DIMENSION);
        }, Duration.ofSeconds(5), clock);
    }

    @Test
    void whileTheStoreIsDownStatusSaysWhyAndCallsFailWithATypedError() {
        try (ReconnectingGalleryIndex index = index()) {
            IndexStatus status = index.status();

            assertEquals("milvus", status.kind());
            assertFalse(status.healthy());
            assertEquals("http://milvus:19530", status.details().get("uri"));
            assertEquals("not connected: UNAVAILABLE: connection refused", status.details().get("error"));
            IndexException refused = assertThrows(IndexException.class,
                    () -> index.search("default", unit(0), 5));
            assertEquals("search_similar_faces", refused.operation());
        }
    }

    @Test
    void attemptsAreSpacedSoCallsDuringAnOutageFailAtOnce() {
        try (ReconnectingGalleryIndex index = index()) {
            index.status();
            for (int i = 0; i < 10; i++) {
                assertThrows(IndexException.class, () -> index.faceIds("default"));
            }
            assertEquals(1, attempts.get(), "one connection attempt per interval");

            clock.advance(Duration.ofSeconds(5));
            assertFalse(index.status().healthy());
            assertEquals(2, attempts.get());
        }
    }

    @Test
    void theStoreComingBackIsUsedWithoutARestart() {
        try (ReconnectingGalleryIndex index = index()) {
            assertFalse(index.status().healthy());

            storeUp = true;
            clock.advance(Duration.ofSeconds(5));

            assertTrue(index.status().healthy());
            index.upsert(List.of(new IndexedFace("f1", "alice", "default", unit(0))));
            assertEquals("f1", index.search("default", unit(0), 1).get(0).faceId());
            assertEquals(2, attempts.get(), "opened once, then kept");
        }
    }

    @Test
    void aClosedIndexIsNotOpenedAgain() {
        storeUp = true;
        ReconnectingGalleryIndex index = index();
        index.close();

        assertThrows(IndexException.class, () -> index.faceIds("default"));
        assertEquals(0, attempts.get());
    }

    private static float[] unit(int axis) {
        float[] vector = new float[DIMENSION];
        vector[axis] = 1;
        return vector;
    }

    private static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-11-28T12:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
