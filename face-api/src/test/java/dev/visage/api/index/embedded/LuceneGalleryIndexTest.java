package dev.visage.api.index.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.visage.api.index.IndexException;
import dev.visage.api.index.IndexMatch;
import dev.visage.api.index.IndexStatus;
import dev.visage.api.index.IndexedFace;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene104.Lucene104Codec;
import org.apache.lucene.codecs.lucene104.Lucene104HnswScalarQuantizedVectorsFormat;
import org.apache.lucene.codecs.lucene104.Lucene104ScalarQuantizedVectorsFormat;
import org.apache.lucene.codecs.perfield.PerFieldKnnVectorsFormat;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.quantization.QuantizedByteVectorValues.ScalarEncoding;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LuceneGalleryIndexTest {

    private static final int DIMENSION = 512;

    @TempDir
    Path dataDir;

    private final Random random = new Random(42);
    private LuceneGalleryIndex index;

    @BeforeEach
    void open() {
        index = LuceneGalleryIndex.open(dataDir, DIMENSION);
    }

    @AfterEach
    void close() {
        index.close();
    }

    @Test
    void aStoredVectorIsFoundFirstWithCosineOneAndNearerFacesRankAboveFartherOnes() {
        float[] enrolled = UnitVectors.random(random, DIMENSION);
        float[] near = UnitVectors.near(random, enrolled, 0.5);
        float[] far = UnitVectors.near(random, enrolled, 2.0);
        index.upsert(List.of(
                face("enrolled", "alice", "staff", enrolled),
                face("near", "bob", "staff", near),
                face("far", "carol", "staff", far),
                face("unrelated", "dave", "staff", UnitVectors.random(random, DIMENSION))));

        List<IndexMatch> matches = index.search("staff", enrolled, 4);

        assertEquals(List.of("enrolled", "near", "far", "unrelated"), faceIds(matches));
        assertEquals("alice", matches.get(0).subjectId());
        assertEquals(1.0, matches.get(0).similarity(), 1e-5);
        assertEquals(UnitVectors.dot(enrolled, near), matches.get(1).similarity(), 1e-5);
        assertEquals(UnitVectors.dot(enrolled, far), matches.get(2).similarity(), 1e-5);
    }

    @Test
    void similarityIsTheCosineEvenForOppositeVectors() {
        float[] enrolled = UnitVectors.random(random, DIMENSION);
        float[] opposite = new float[DIMENSION];
        for (int i = 0; i < DIMENSION; i++) {
            opposite[i] = -enrolled[i];
        }
        index.upsert(List.of(face("f1", "alice", "staff", enrolled)));

        assertEquals(-1.0, index.search("staff", opposite, 1).get(0).similarity(), 1e-5);
    }

    @Test
    void searchReturnsAtMostTopKBestFirst() {
        List<IndexedFace> faces = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            faces.add(face("f" + i, "s" + i, "staff", UnitVectors.random(random, DIMENSION)));
        }
        index.upsert(faces);

        List<IndexMatch> matches = index.search("staff", UnitVectors.random(random, DIMENSION), 5);

        assertEquals(5, matches.size());
        for (int i = 1; i < matches.size(); i++) {
            assertTrue(matches.get(i - 1).similarity() >= matches.get(i).similarity());
        }
    }

    @Test
    void collectionsNeverMix() {
        float[] vector = UnitVectors.random(random, DIMENSION);
        index.upsert(List.of(face("f1", "alice", "a", vector)));
        index.upsert(List.of(face("f2", "bob", "b", UnitVectors.random(random, DIMENSION))));

        assertEquals(List.of("f2"), faceIds(index.search("b", vector, 10)));
        assertEquals(List.of(), index.search("c", vector, 10));
    }

    @Test
    void upsertingAnExistingFaceIdReplacesIt() {
        float[] before = UnitVectors.random(random, DIMENSION);
        float[] after = UnitVectors.random(random, DIMENSION);
        index.upsert(List.of(face("f1", "alice", "staff", before)));

        index.upsert(List.of(face("f1", "alice2", "staff", after)));

        List<IndexMatch> matches = index.search("staff", before, 10);
        assertEquals(1, matches.size());
        assertEquals("alice2", matches.get(0).subjectId());
        assertEquals(1.0, index.search("staff", after, 1).get(0).similarity(), 1e-5);
        assertEquals(1, index.status().details().get("vector_count"));
    }

    @Test
    void deleteFacesRemovesOnlyThoseFacesOfThatCollection() {
        index.upsert(List.of(
                face("f1", "alice", "staff", UnitVectors.random(random, DIMENSION)),
                face("f2", "alice", "staff", UnitVectors.random(random, DIMENSION)),
                face("f3", "bob", "staff", UnitVectors.random(random, DIMENSION)),
                face("g1", "carol", "guests", UnitVectors.random(random, DIMENSION))));

        index.deleteFaces("staff", List.of("f1", "f3", "g1", "never-stored"));

        assertEquals(Set.of("f2"), index.faceIds("staff"));
        assertEquals(Set.of("g1"), index.faceIds("guests"));
        assertEquals(List.of("f2"), faceIds(index.search("staff", UnitVectors.random(random, DIMENSION), 10)));
    }

    /**
     * A gallery big enough to be cut into one slice per core (on a machine with more than one), sharing its segments
     * with another collection and with deleted faces: each probe, a second photo of an enrolled face at cosine 0.45
     * to 0.5 to it, finds that face first, and never a face of the other collection or a deleted one.
     */
    @Test
    void aGalleryScannedOnEveryCoreFindsTheEnrolledFaceFirstAndOnlyLiveFacesOfItsCollection() {
        int size = SignBitScan.MIN_PARALLEL_FACES + 4_000;
        List<float[]> staff = new ArrayList<>();
        List<IndexedFace> batch = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            float[] vector = UnitVectors.random(random, DIMENSION);
            staff.add(vector);
            batch.add(face("s" + i, "s" + i, "staff", vector));
            if (i % 4 == 0) {
                // A guest that is a near copy of a staff face: the search must not return it for that face's probe.
                batch.add(face("g" + i, "g" + i, "guests", UnitVectors.near(random, vector, 0.1)));
            }
            if (batch.size() >= 10_000) {
                index.upsert(batch);
                batch = new ArrayList<>();
            }
        }
        index.upsert(batch);
        List<String> deleted = List.of("s7", "s70", "s700", "s7000");
        index.deleteFaces("staff", deleted);

        for (int q = 0; q < 40; q++) {
            int enrolled = random.nextInt(size);
            float[] probe = UnitVectors.atCosine(random, staff.get(enrolled), 0.45 + 0.05 * random.nextDouble());
            List<String> found = faceIds(index.search("staff", probe, 10));

            assertEquals(10, found.size());
            assertTrue(found.stream().allMatch(id -> id.startsWith("s")), found.toString());
            if (!deleted.contains("s" + enrolled)) {
                assertEquals("s" + enrolled, found.get(0));
            }
        }
        for (String gone : deleted) {
            float[] itself = staff.get(Integer.parseInt(gone.substring(1)));
            assertFalse(faceIds(index.search("staff", itself, 10)).contains(gone), gone);
        }
    }

    @Test
    void deleteSubjectRemovesOnlyThatSubjectInThatCollection() {
        float[] aliceAtStaff = UnitVectors.random(random, DIMENSION);
        index.upsert(List.of(
                face("f1", "alice", "staff", aliceAtStaff),
                face("f2", "alice", "staff", UnitVectors.random(random, DIMENSION)),
                face("f3", "bob", "staff", UnitVectors.random(random, DIMENSION)),
                face("g1", "alice", "guests", UnitVectors.random(random, DIMENSION))));

        index.deleteSubject("staff", "alice");

        assertEquals(Set.of("f3"), index.faceIds("staff"));
        assertEquals(Set.of("g1"), index.faceIds("guests"));
        assertEquals(List.of("f3"), faceIds(index.search("staff", aliceAtStaff, 10)));
    }

    /**
     * An index written before the scan, by the HNSW graph format of the previous version: it opens as it is, its
     * faces are found, and a merge rewrites it without the graph.
     */
    @Test
    void anIndexWrittenWithAGraphIsSearchedAndMergedIntoTheFlatFormat() throws IOException {
        index.close();
        Path graphDir = dataDir.resolve("graph");
        List<float[]> vectors = new ArrayList<>();
        KnnVectorsFormat graph = new Lucene104HnswScalarQuantizedVectorsFormat(ScalarEncoding.SEVEN_BIT, 32, 100);
        try (Directory directory = FSDirectory.open(graphDir.resolve("lucene"));
                IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig().setCodec(new Lucene104Codec() {
                    @Override
                    public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
                        return graph;
                    }
                }))) {
            for (int i = 0; i < 300; i++) {
                float[] vector = UnitVectors.random(random, DIMENSION);
                vectors.add(vector);
                Document document = new Document();
                document.add(new StringField(LuceneGalleryIndex.FACE_ID, "f" + i, Field.Store.YES));
                document.add(new StringField(LuceneGalleryIndex.SUBJECT_ID, "s" + i, Field.Store.YES));
                document.add(new StringField(LuceneGalleryIndex.COLLECTION, "staff", Field.Store.NO));
                document.add(new KnnFloatVectorField(LuceneGalleryIndex.VECTOR, vector,
                        VectorSimilarityFunction.DOT_PRODUCT));
                writer.addDocument(document);
            }
        }

        index = LuceneGalleryIndex.open(graphDir, DIMENSION);
        assertEquals("f17", index.search("staff", UnitVectors.near(random, vectors.get(17), 0.5), 1).get(0).faceId());
        index.upsert(List.of(face("f300", "s300", "staff", UnitVectors.random(random, DIMENSION))));
        index.finishBulkLoad();

        assertEquals("f42", index.search("staff", UnitVectors.near(random, vectors.get(42), 0.5), 1).get(0).faceId());
        try (Directory directory = FSDirectory.open(graphDir.resolve("lucene"));
                DirectoryReader merged = DirectoryReader.open(directory)) {
            assertEquals(1, merged.leaves().size());
            assertEquals(301, merged.numDocs());
            assertEquals(Lucene104ScalarQuantizedVectorsFormat.NAME, merged.leaves().get(0).reader().getFieldInfos()
                    .fieldInfo(LuceneGalleryIndex.VECTOR).getAttribute(PerFieldKnnVectorsFormat.PER_FIELD_FORMAT_KEY));
        }
    }

    @Test
    void faceIdsListsExactlyTheCollectionsFaces() {
        index.upsert(List.of(
                face("f1", "alice", "staff", UnitVectors.random(random, DIMENSION)),
                face("f2", "bob", "staff", UnitVectors.random(random, DIMENSION)),
                face("g1", "carol", "guests", UnitVectors.random(random, DIMENSION))));

        assertEquals(Set.of("f1", "f2"), index.faceIds("staff"));
        assertEquals(Set.of("g1"), index.faceIds("guests"));
        assertEquals(Set.of(), index.faceIds("nobody"));
    }

    @Test
    void collectionsListsExactlyTheCollectionsThatHoldAVector() {
        assertEquals(Set.of(), index.collections());
        index.upsert(List.of(
                face("f1", "alice", "staff", UnitVectors.random(random, DIMENSION)),
                face("g1", "carol", "guests", UnitVectors.random(random, DIMENSION)),
                face("x1", "dave", "emptied", UnitVectors.random(random, DIMENSION))));
        index.deleteFaces("emptied", List.of("x1"));

        assertEquals(Set.of("staff", "guests"), index.collections());
    }

    @Test
    void facesSurviveClosingAndReopeningTheDataDir() {
        float[] vector = UnitVectors.random(random, DIMENSION);
        index.upsert(List.of(face("f1", "alice", "staff", vector)));
        index.close();

        index = LuceneGalleryIndex.open(dataDir, DIMENSION);

        assertEquals(Set.of("f1"), index.faceIds("staff"));
        assertEquals("alice", index.search("staff", vector, 1).get(0).subjectId());
    }

    @Test
    void reopeningWithAnotherDimensionIsRefused() {
        index.upsert(List.of(face("f1", "alice", "staff", UnitVectors.random(random, DIMENSION))));
        index.close();

        IndexException refused = assertThrows(IndexException.class, () -> LuceneGalleryIndex.open(dataDir, 128));

        assertEquals("open_index", refused.operation());
        index = LuceneGalleryIndex.open(dataDir, DIMENSION);
    }

    @Test
    void vectorsOfTheWrongDimensionAreRefused() {
        float[] shorter = new float[DIMENSION - 1];
        shorter[0] = 1;

        assertThrows(IllegalArgumentException.class,
                () -> index.upsert(List.of(face("f1", "alice", "staff", shorter))));
        assertThrows(IllegalArgumentException.class, () -> index.search("staff", shorter, 1));
        assertEquals(Set.of(), index.faceIds("staff"));
    }

    @Test
    void aBatchWithOneBadFaceWritesNothing() {
        List<IndexedFace> batch = List.of(
                face("f1", "alice", "staff", UnitVectors.random(random, DIMENSION)),
                face("f2", "bob", "staff", new float[DIMENSION]));

        assertThrows(IllegalArgumentException.class, () -> index.upsert(batch));

        assertEquals(Set.of(), index.faceIds("staff"));
    }

    @Test
    void statusDescribesTheEmbeddedIndex() {
        index.upsert(List.of(face("f1", "alice", "staff", UnitVectors.random(random, DIMENSION))));

        IndexStatus status = index.status();

        assertEquals("embedded", status.kind());
        assertTrue(status.healthy());
        assertEquals(dataDir.toAbsolutePath().toString(), status.details().get("data_dir"));
        assertEquals(1, status.details().get("vector_count"));
        assertEquals(DIMENSION, status.details().get("dimension"));
    }

    @Test
    void aClosedIndexReportsUnhealthy() {
        index.close();

        assertEquals(false, index.status().healthy());
    }

    /**
     * 2,000 random directions and random queries: the hardest case, as every stored vector is about as far from a
     * query as every other, so the sign bits alone cannot tell the true top 10 from the rest. The default settings
     * measure 1.00 here (half the gallery is rescored).
     */
    @Test
    void recallAtTenAgainstExactSearchIsAtLeast95Percent() {
        int size = 2_000;
        ExactSearch exact = new ExactSearch(DIMENSION, size);
        List<IndexedFace> faces = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            float[] vector = UnitVectors.random(random, DIMENSION);
            faces.add(face(String.valueOf(exact.add(vector)), "s" + i, "staff", vector));
        }
        index.upsert(faces);

        double recallSum = 0;
        int queries = 50;
        for (int q = 0; q < queries; q++) {
            float[] query = UnitVectors.random(random, DIMENSION);
            List<Integer> found = index.search("staff", query, 10).stream()
                    .map(match -> Integer.valueOf(match.faceId())).toList();
            recallSum += ExactSearch.recall(exact.topK(query, 10), found);
        }

        assertTrue(recallSum / queries >= 0.95, "recall@10 " + recallSum / queries);
    }

    /**
     * Candidates are chosen on sign bits; what callers get must be the exact cosine of the stored vectors, best first.
     * 2,000 faces, more than the candidates rescored, so that the bits decide which are.
     */
    @Test
    void reportedSimilaritiesAreTheExactCosinesOfTheStoredVectorsBestFirst() {
        Map<String, float[]> stored = new HashMap<>();
        List<IndexedFace> faces = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            float[] vector = UnitVectors.random(random, DIMENSION);
            stored.put("f" + i, vector);
            faces.add(face("f" + i, "s" + i, "staff", vector));
        }
        index.upsert(faces);

        for (int q = 0; q < 20; q++) {
            float[] query = UnitVectors.near(random, stored.get("f" + random.nextInt(2_000)), 1.5);
            List<IndexMatch> matches = index.search("staff", query, 10);

            assertEquals(10, matches.size());
            for (int i = 0; i < matches.size(); i++) {
                IndexMatch match = matches.get(i);
                assertEquals(UnitVectors.dot(query, stored.get(match.faceId())), match.similarity(), 1e-5,
                        match.faceId());
                if (i > 0) {
                    assertTrue(matches.get(i - 1).similarity() >= match.similarity());
                }
            }
        }
    }

    @Test
    void anUpsertIsSearchableWhenItReturnsAndCommittedByTheCommitInterval() throws Exception {
        index.close();
        index = LuceneGalleryIndex.open(dataDir, DIMENSION,
                LuceneGalleryIndex.Settings.DEFAULTS.withCommits(Duration.ofMillis(200), 1_000));
        float[] vector = UnitVectors.random(random, DIMENSION);

        index.upsert(List.of(face("f1", "alice", "staff", vector)));

        assertEquals("f1", index.search("staff", vector, 1).get(0).faceId());
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (committedFaces() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(1, committedFaces());
    }

    @Test
    void writesWaitForTheCommitIntervalUnlessEnoughFacesAreWaiting() throws Exception {
        index.close();
        index = LuceneGalleryIndex.open(dataDir, DIMENSION,
                LuceneGalleryIndex.Settings.DEFAULTS.withCommits(Duration.ofHours(1), 3));

        index.upsert(List.of(face("f1", "alice", "staff", UnitVectors.random(random, DIMENSION))));
        index.upsert(List.of(face("f2", "bob", "staff", UnitVectors.random(random, DIMENSION))));
        assertEquals(Set.of("f1", "f2"), index.faceIds("staff"));
        assertEquals(0, committedFaces());

        index.upsert(List.of(face("f3", "carol", "staff", UnitVectors.random(random, DIMENSION))));
        assertEquals(3, committedFaces());
    }

    @Test
    void closingCommitsWhatTheIntervalHasNotYet() {
        index.close();
        index = LuceneGalleryIndex.open(dataDir, DIMENSION,
                LuceneGalleryIndex.Settings.DEFAULTS.withCommits(Duration.ofHours(1), 1_000));
        index.upsert(List.of(face("f1", "alice", "staff", UnitVectors.random(random, DIMENSION))));
        index.deleteFaces("staff", List.of("f1"));
        index.upsert(List.of(face("f2", "bob", "staff", UnitVectors.random(random, DIMENSION))));
        index.close();

        index = LuceneGalleryIndex.open(dataDir, DIMENSION);

        assertEquals(Set.of("f2"), index.faceIds("staff"));
    }

    @Test
    void finishingABulkLoadLeavesOneSegment() {
        for (int batch = 0; batch < 3; batch++) {
            List<IndexedFace> faces = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                faces.add(face(batch + "-" + i, "s", "staff", UnitVectors.random(random, DIMENSION)));
            }
            index.upsert(faces);
        }
        assertTrue((int) index.status().details().get("segments") > 1);

        index.finishBulkLoad();

        assertEquals(1, index.status().details().get("segments"));
        assertEquals(600, index.faceIds("staff").size());
    }

    @Test
    void aBulkLoadIsABigBatchThatAtLeastDoublesTheIndex() {
        assertTrue(LuceneGalleryIndex.bulkLoadEnded(100_000, 100_000, 10_000));
        assertTrue(LuceneGalleryIndex.bulkLoadEnded(500_000, 1_000_000, 10_000));
        assertFalse(LuceneGalleryIndex.bulkLoadEnded(10_000, 1_000_000, 10_000));
        assertFalse(LuceneGalleryIndex.bulkLoadEnded(5_000, 5_000, 10_000));
    }

    @Test
    void theTimerCommitsBetweenWritesAndDuringOnesThatOverlapForTenIntervals() {
        Duration interval = Duration.ofSeconds(1);

        assertTrue(LuceneGalleryIndex.commitDue(false, 0, interval));
        assertFalse(LuceneGalleryIndex.commitDue(true, Duration.ofSeconds(9).toNanos(), interval));
        assertTrue(LuceneGalleryIndex.commitDue(true, Duration.ofSeconds(10).toNanos(), interval));
    }

    private int committedFaces() throws IOException {
        try (Directory directory = FSDirectory.open(dataDir.resolve("lucene"));
                DirectoryReader committed = DirectoryReader.open(directory)) {
            return committed.numDocs();
        }
    }

    private static IndexedFace face(String faceId, String subjectId, String collection, float[] vector) {
        return new IndexedFace(faceId, subjectId, collection, vector);
    }

    private static List<String> faceIds(List<IndexMatch> matches) {
        return matches.stream().map(IndexMatch::faceId).collect(Collectors.toList());
    }
}
