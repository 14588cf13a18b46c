package dev.visage.api.index.milvus;

import dev.visage.api.index.IndexException;
import dev.visage.api.index.IndexMatch;
import dev.visage.api.index.IndexStatus;
import dev.visage.api.index.IndexedFace;
import dev.visage.common.face.Similarity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What {@link MilvusGalleryIndex} must do, whichever Milvus answers: run against the protocol test server by
 * {@link MilvusProtocolTest} and against a real Milvus by {@link MilvusLiveTest}. Every test works in Visage
 * collections and face ids of its own, so tests can share one Milvus collection.
 */
abstract class MilvusGalleryIndexContract {

    protected MilvusGalleryIndex index;
    private final String run = "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 10) + "-";

    /** Where the index under test lives. */
    protected abstract MilvusSettings settings();

    @BeforeEach
    void openIndex() {
        index = MilvusGalleryIndex.open(settings());
    }

    @AfterEach
    void closeIndex() {
        index.close();
    }

    @Test
    void searchReturnsTheClosestFacesFirstWithTheirCosineSimilarity() {
        String gallery = name("gallery");
        float[] probe = vector(1);
        float[] close = near(probe, 0.3, 2);
        float[] closer = near(probe, 0.1, 3);
        float[] unrelated = vector(4);
        index.upsert(List.of(face("far", "s3", gallery, unrelated), face("close", "s1", gallery, close),
                face("closer", "s2", gallery, closer)));

        List<IndexMatch> matches = index.search(gallery, probe, 2);

        assertEquals(List.of(name("closer"), name("close")), matches.stream().map(IndexMatch::faceId).toList());
        assertEquals(List.of("s2", "s1"), matches.stream().map(IndexMatch::subjectId).toList());
        assertEquals(Similarity.cosine(probe, closer), matches.get(0).similarity(), 1e-4);
        assertEquals(Similarity.cosine(probe, close), matches.get(1).similarity(), 1e-4);
    }

    @Test
    void searchOnlySeesItsOwnCollection() {
        String mine = name("mine");
        String theirs = name("theirs");
        float[] probe = vector(10);
        index.upsert(List.of(face("theirs-exact", "t", theirs, probe),
                face("mine-near", "m", mine, near(probe, 0.5, 11))));

        List<IndexMatch> matches = index.search(mine, probe, 5);

        assertEquals(List.of(name("mine-near")), matches.stream().map(IndexMatch::faceId).toList());
        assertEquals(List.of(), index.search(name("empty"), probe, 5));
    }

    @Test
    void upsertReplacesTheFaceStoredUnderTheSameId() {
        String gallery = name("gallery");
        float[] before = vector(20);
        float[] after = vector(21);
        index.upsert(List.of(face("f", "old-subject", gallery, before)));

        index.upsert(List.of(face("f", "new-subject", gallery, after)));

        List<IndexMatch> matches = index.search(gallery, after, 5);
        assertEquals(1, matches.size());
        assertEquals("new-subject", matches.get(0).subjectId());
        assertEquals(1.0, matches.get(0).similarity(), 1e-4);
        assertEquals(Set.of(name("f")), index.faceIds(gallery));
    }

    @Test
    void deleteFacesRemovesOnlyTheNamedFacesOfTheCollection() {
        String gallery = name("gallery");
        String other = name("other");
        index.upsert(List.of(face("a", "s", gallery, vector(30)), face("b", "s", gallery, vector(31)),
                face("c", "s", gallery, vector(32)), face("elsewhere", "s", other, vector(33))));

        index.deleteFaces(gallery, List.of(name("a"), name("c"), name("never-stored"), name("elsewhere")));

        assertEquals(Set.of(name("b")), index.faceIds(gallery));
        assertEquals(Set.of(name("elsewhere")), index.faceIds(other));
        assertEquals(List.of(name("b")),
                index.search(gallery, vector(30), 5).stream().map(IndexMatch::faceId).toList());
    }

    @Test
    void deleteSubjectRemovesOnlyThatSubjectInThatCollection() {
        String gallery = name("gallery");
        String other = name("other");
        index.upsert(List.of(face("ann-1", "ann", gallery, vector(40)), face("ann-2", "ann", gallery, vector(41)),
                face("bob-1", "bob", gallery, vector(42)), face("ann-elsewhere", "ann", other, vector(43))));

        index.deleteSubject(gallery, "ann");

        assertEquals(Set.of(name("bob-1")), index.faceIds(gallery));
        assertEquals(Set.of(name("ann-elsewhere")), index.faceIds(other));
    }

    @Test
    void faceIdsListsEveryFaceOfTheCollection() {
        String gallery = name("gallery");
        index.upsert(List.of(face("x", "s1", gallery, vector(50)), face("y", "s2", gallery, vector(51)),
                face("z", "s2", name("other"), vector(52))));

        assertEquals(Set.of(name("x"), name("y")), index.faceIds(gallery));
        assertEquals(Set.of(), index.faceIds(name("empty")));
    }

    @Test
    void collectionsListsEveryCollectionThatHoldsAVector() {
        String staff = name("staff");
        String guests = name("guests");
        String emptied = name("emptied");
        index.upsert(List.of(face("a", "s1", staff, vector(53)), face("b", "s2", staff, vector(54)),
                face("c", "s3", guests, vector(55)), face("d", "s4", emptied, vector(56))));
        index.deleteFaces(emptied, List.of(name("d")));

        Set<String> collections = index.collections();

        assertTrue(collections.containsAll(Set.of(staff, guests)), collections.toString());
        assertFalse(collections.contains(emptied), collections.toString());
        assertFalse(collections.contains(""), collections.toString());
    }

    @Test
    void quotesAndBackslashesInValuesAreMatchedLiterally() {
        String gallery = name("q\"uo\\te");
        String tricky = "o\"brien\\";
        index.upsert(List.of(face("tricky", tricky, gallery, vector(60)), face("plain", "o", gallery, vector(61))));

        index.deleteSubject(gallery, "\" or subject_id != \"");
        assertEquals(Set.of(name("tricky"), name("plain")), index.faceIds(gallery));

        assertEquals(tricky, index.search(gallery, vector(60), 1).get(0).subjectId());
        index.deleteSubject(gallery, tricky);
        assertEquals(Set.of(name("plain")), index.faceIds(gallery));
    }

    @Test
    void reopeningKeepsTheGallery() {
        String gallery = name("gallery");
        index.upsert(List.of(face("kept", "s", gallery, vector(70))));

        try (MilvusGalleryIndex reopened = MilvusGalleryIndex.open(settings())) {
            assertEquals(Set.of(name("kept")), reopened.faceIds(gallery));
            assertEquals(name("kept"), reopened.search(gallery, vector(70), 1).get(0).faceId());
        }
    }

    @Test
    void aCollectionOfAnotherDimensionIsRefused() {
        int other = settings().dimension() / 2;
        MilvusSettings mismatched = settings().withCollection(settings().collectionName(), other);

        IndexException refused = assertThrows(IndexException.class, () -> MilvusGalleryIndex.open(mismatched));

        assertEquals("open_gallery_index", refused.operation());
        assertTrue(refused.getMessage().contains(settings().dimension() + "-d")
                && refused.getMessage().contains(other + "-d"), refused.getMessage());
    }

    @Test
    void statusIsHealthyAndNamesTheCollection() {
        IndexStatus status = index.status();

        assertEquals("milvus", status.kind());
        assertTrue(status.healthy(), status.details().toString());
        assertEquals(settings().collectionName(), status.details().get("collection"));
        assertEquals(MilvusGalleryIndex.redactedUri(settings().uri()), status.details().get("uri"));
        assertTrue(status.details().get("rowCount") instanceof Long, status.details().toString());
        assertFalse(status.details().containsKey("error"));
    }

    /** A name no other test uses, for Visage collections and face ids alike. */
    protected String name(String suffix) {
        return run + suffix;
    }

    protected IndexedFace face(String id, String subject, String collection, float[] vector) {
        return new IndexedFace(name(id), subject, collection, vector);
    }

    /** A random unit vector of the gallery's dimension, the same for the same seed. */
    protected float[] vector(long seed) {
        Random random = new Random(seed);
        float[] v = new float[settings().dimension()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return normalised(v);
    }

    /** {@code base} moved by noise of the given size relative to it: the larger, the less similar. */
    protected float[] near(float[] base, double noise, long seed) {
        float[] n = vector(seed);
        float[] v = new float[base.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (base[i] + noise * n[i]);
        }
        return normalised(v);
    }

    private static float[] normalised(float[] v) {
        double norm = 0;
        for (float x : v) {
            norm += (double) x * x;
        }
        norm = Math.sqrt(norm);
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (v[i] / norm);
        }
        return v;
    }
}
