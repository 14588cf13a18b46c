package dev.visage.api.index.embedded;

import dev.visage.api.index.GalleryIndex;
import dev.visage.api.index.IndexException;
import dev.visage.api.index.IndexMatch;
import dev.visage.api.index.IndexStatus;
import dev.visage.api.index.IndexedFace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene912.Lucene912Codec;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.ConcurrentMergeScheduler;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.FieldInfos;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.MultiTerms;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.Weight;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.IOUtils;

/**
 * The gallery in one Lucene index on local disk, searched through an HNSW graph: for a single node, without Milvus.
 *
 * <p>Vectors are stored unit-length and compared with {@link VectorSimilarityFunction#DOT_PRODUCT}: on unit vectors
 * it is the cosine, but COSINE recomputes both norms on every comparison (0.34 against 0.23 microseconds per 512-d
 * pair on Java 17 here), and HNSW build and search time is almost all comparisons. Every write is committed (fsync)
 * and made searchable before it returns.
 */
public final class LuceneGalleryIndex implements GalleryIndex {

    /**
     * @param maxConnections   HNSW M: graph neighbours per node. More means better recall, a bigger graph and slower
     *                         inserts.
     * @param beamWidth        HNSW efConstruction: candidates considered when linking a new node. More means a better
     *                         graph and slower inserts.
     * @param searchCandidates candidates gathered per search (efSearch) before the best {@code topK} are returned;
     *                         never fewer than {@code topK}. More means better recall and slower searches.
     * @param ramBufferMb      memory buffered before a segment is written; each commit writes one anyway, so this only
     *                         matters for batches bigger than it holds (about 2.5 KB per 512-d face).
     */
    public record Settings(int maxConnections, int beamWidth, int searchCandidates, double ramBufferMb) {

        /**
         * Measured on 10,000 random 512-d unit vectors (docs/benchmarks.md), the hardest case for a graph:
         * Lucene's default M=16 reaches recall@10 0.55 with 100 candidates and 0.77 with 200; M=32 reaches 0.78 and
         * 0.94 for at most 1.2 times the build time, and 0.997 with 400. A beamWidth of 200 instead of 100 added 0.02
         * for 1.6 times the build time.
         */
        public static final Settings DEFAULTS = new Settings(32, Lucene99HnswVectorsFormat.DEFAULT_BEAM_WIDTH, 200, 64);

        public Settings {
            if (searchCandidates < 1) {
                throw new IllegalArgumentException("searchCandidates must be at least 1, was " + searchCandidates);
            }
        }
    }

    static final String FACE_ID = "face_id";
    static final String SUBJECT_ID = "subject_id";
    static final String COLLECTION = "collection";
    static final String VECTOR = "vector";
    private static final Set<String> MATCH_FIELDS = Set.of(FACE_ID, SUBJECT_ID);
    private static final Set<String> FACE_ID_ONLY = Set.of(FACE_ID);
    private static final VectorSimilarityFunction SIMILARITY = VectorSimilarityFunction.DOT_PRODUCT;

    private final Path dataDir;
    private final int dimension;
    private final int searchCandidates;
    private final FieldType vectorType;
    private final Directory directory;
    private final IndexWriter writer;
    private final ConcurrentMergeScheduler mergeScheduler;
    private final SearcherManager searchers;

    private LuceneGalleryIndex(Path dataDir, int dimension, Settings settings, Directory directory,
            IndexWriter writer, ConcurrentMergeScheduler mergeScheduler, SearcherManager searchers) {
        this.dataDir = dataDir;
        this.dimension = dimension;
        this.searchCandidates = settings.searchCandidates();
        this.vectorType = KnnFloatVectorField.createFieldType(dimension, SIMILARITY);
        this.directory = directory;
        this.writer = writer;
        this.mergeScheduler = mergeScheduler;
        this.searchers = searchers;
    }

    public static LuceneGalleryIndex open(Path dataDir, int dimension) {
        return open(dataDir, dimension, Settings.DEFAULTS);
    }

    /**
     * Opens the index under {@code dataDir}, creating it when there is none. Only one process (and one instance) may
     * hold a data dir at a time: Lucene's write lock refuses a second.
     */
    public static LuceneGalleryIndex open(Path dataDir, int dimension, Settings settings) {
        KnnVectorsFormat vectorsFormat = new Lucene99HnswVectorsFormat(settings.maxConnections(), settings.beamWidth());
        if (dimension < 1 || dimension > vectorsFormat.getMaxDimensions(VECTOR)) {
            throw new IllegalArgumentException("dimension must be between 1 and "
                    + vectorsFormat.getMaxDimensions(VECTOR) + ", was " + dimension);
        }
        ConcurrentMergeScheduler mergeScheduler = new ConcurrentMergeScheduler();
        IndexWriterConfig config = new IndexWriterConfig()
                .setCodec(new Lucene912Codec() {
                    @Override
                    public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
                        return vectorsFormat;
                    }
                })
                .setRAMBufferSizeMB(settings.ramBufferMb())
                .setMergeScheduler(mergeScheduler);
        Directory directory = null;
        IndexWriter writer = null;
        SearcherManager searchers = null;
        try {
            Files.createDirectories(dataDir);
            directory = FSDirectory.open(dataDir.resolve("lucene"));
            writer = new IndexWriter(directory, config);
            searchers = new SearcherManager(writer, null);
            requireStoredDimension(searchers, dataDir, dimension);
            return new LuceneGalleryIndex(dataDir, dimension, settings, directory, writer, mergeScheduler, searchers);
        } catch (IOException | RuntimeException e) {
            IOUtils.closeWhileHandlingException(searchers, writer, directory);
            if (e instanceof IndexException indexException) {
                throw indexException;
            }
            throw new IndexException("open_index", "could not open the embedded index in " + dataDir + ": "
                    + e.getMessage(), e);
        }
    }

    /** Lucene would only refuse other-sized vectors at the first write; a wrong setting should stop the start. */
    private static void requireStoredDimension(SearcherManager searchers, Path dataDir, int dimension)
            throws IOException {
        IndexSearcher searcher = searchers.acquire();
        try {
            FieldInfo stored = FieldInfos.getMergedFieldInfos(searcher.getIndexReader()).fieldInfo(VECTOR);
            if (stored != null && (stored.getVectorDimension() != dimension
                    || stored.getVectorSimilarityFunction() != SIMILARITY)) {
                throw new IndexException("open_index", "the embedded index in " + dataDir + " holds "
                        + stored.getVectorDimension() + "-d " + stored.getVectorSimilarityFunction()
                        + " vectors, not " + dimension + "-d " + SIMILARITY, null);
            }
        } finally {
            searchers.release(searcher);
        }
    }

    @Override
    public void upsert(List<IndexedFace> faces) {
        List<Document> documents = new ArrayList<>(faces.size());
        for (IndexedFace face : faces) {
            documents.add(document(face));
        }
        if (documents.isEmpty()) {
            return;
        }
        try {
            for (Document document : documents) {
                writer.updateDocument(new Term(FACE_ID, document.get(FACE_ID)), document);
            }
            commitAndRefresh();
        } catch (IOException e) {
            throw failure("upsert_faces", e);
        }
    }

    private Document document(IndexedFace face) {
        requireKey("faceId", face.faceId());
        requireKey("subjectId", face.subjectId());
        requireKey("collection", face.collection());
        Document document = new Document();
        document.add(new StringField(FACE_ID, face.faceId(), Field.Store.YES));
        document.add(new StringField(SUBJECT_ID, face.subjectId(), Field.Store.YES));
        document.add(new StringField(COLLECTION, face.collection(), Field.Store.NO));
        document.add(new KnnFloatVectorField(VECTOR, unitVector(face.vector()), vectorType));
        return document;
    }

    @Override
    public void deleteFaces(String collection, Collection<String> faceIds) {
        requireKey("collection", collection);
        if (faceIds.isEmpty()) {
            return;
        }
        List<BytesRef> ids = faceIds.stream().map(BytesRef::new).toList();
        // Scoped to the collection, as the contract says, although face ids are unique across collections.
        deleteAndCommit("delete_faces", new BooleanQuery.Builder()
                .add(new TermQuery(new Term(COLLECTION, collection)), Occur.FILTER)
                .add(new TermInSetQuery(FACE_ID, ids), Occur.FILTER)
                .build());
    }

    @Override
    public void deleteSubject(String collection, String subjectId) {
        requireKey("collection", collection);
        requireKey("subjectId", subjectId);
        deleteAndCommit("delete_subject", new BooleanQuery.Builder()
                .add(new TermQuery(new Term(COLLECTION, collection)), Occur.FILTER)
                .add(new TermQuery(new Term(SUBJECT_ID, subjectId)), Occur.FILTER)
                .build());
    }

    private void deleteAndCommit(String operation, Query faces) {
        try {
            writer.deleteDocuments(faces);
            commitAndRefresh();
        } catch (IOException e) {
            throw failure(operation, e);
        }
    }

    private void commitAndRefresh() throws IOException {
        writer.commit();
        searchers.maybeRefreshBlocking();
    }

    @Override
    public List<IndexMatch> search(String collection, float[] vector, int topK) {
        requireKey("collection", collection);
        if (topK < 1) {
            throw new IllegalArgumentException("topK must be at least 1, was " + topK);
        }
        Query query = new KnnFloatVectorQuery(VECTOR, unitVector(vector), Math.max(topK, searchCandidates),
                new TermQuery(new Term(COLLECTION, collection)));
        try {
            IndexSearcher searcher = searchers.acquire();
            try {
                TopDocs top = searcher.search(query, topK);
                StoredFields storedFields = searcher.storedFields();
                List<IndexMatch> matches = new ArrayList<>(top.scoreDocs.length);
                for (ScoreDoc hit : top.scoreDocs) {
                    Document stored = storedFields.document(hit.doc, MATCH_FIELDS);
                    matches.add(new IndexMatch(stored.get(FACE_ID), stored.get(SUBJECT_ID), cosine(hit.score)));
                }
                return matches;
            } finally {
                searchers.release(searcher);
            }
        } catch (IOException e) {
            throw failure("search_similar_faces", e);
        }
    }

    /** Lucene scores DOT_PRODUCT as {@code (1 + dot) / 2} so that scores are never negative; undone here. */
    private static double cosine(float score) {
        return Math.min(1.0, 2.0 * score - 1.0);
    }

    @Override
    public Set<String> faceIds(String collection) {
        requireKey("collection", collection);
        try {
            IndexSearcher searcher = searchers.acquire();
            try {
                Weight inCollection = searcher.createWeight(
                        new TermQuery(new Term(COLLECTION, collection)), ScoreMode.COMPLETE_NO_SCORES, 1f);
                Set<String> ids = new HashSet<>();
                for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
                    Scorer scorer = inCollection.scorer(leaf);
                    if (scorer == null) {
                        continue;
                    }
                    // Postings still list deleted documents until their segment is merged away.
                    Bits live = leaf.reader().getLiveDocs();
                    StoredFields storedFields = leaf.reader().storedFields();
                    DocIdSetIterator docs = scorer.iterator();
                    for (int doc = docs.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = docs.nextDoc()) {
                        if (live == null || live.get(doc)) {
                            ids.add(storedFields.document(doc, FACE_ID_ONLY).get(FACE_ID));
                        }
                    }
                }
                return ids;
            } finally {
                searchers.release(searcher);
            }
        } catch (IOException e) {
            throw failure("list_face_ids", e);
        }
    }

    @Override
    public Set<String> collections() {
        try {
            IndexSearcher searcher = searchers.acquire();
            try {
                Set<String> names = new HashSet<>();
                Terms terms = MultiTerms.getTerms(searcher.getIndexReader(), COLLECTION);
                if (terms == null) {
                    return names;
                }
                TermsEnum values = terms.iterator();
                // The terms dictionary keeps a value until its last document is merged away; the count does not.
                for (BytesRef value = values.next(); value != null; value = values.next()) {
                    Term term = new Term(COLLECTION, BytesRef.deepCopyOf(value));
                    if (searcher.count(new TermQuery(term)) > 0) {
                        names.add(term.text());
                    }
                }
                return names;
            } finally {
                searchers.release(searcher);
            }
        } catch (IOException e) {
            throw failure("list_collections", e);
        }
    }

    @Override
    public String kind() {
        return "embedded";
    }

    @Override
    public IndexStatus status() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("data_dir", dataDir.toAbsolutePath().toString());
        details.put("dimension", dimension);
        Throwable tragedy = writer.getTragicException();
        if (tragedy != null) {
            details.put("error", "the index writer failed and needs a restart: " + tragedy);
            return new IndexStatus(kind(), false, details);
        }
        try {
            IndexSearcher searcher = searchers.acquire();
            try {
                details.put("vector_count", searcher.getIndexReader().numDocs());
                details.put("segments", searcher.getIndexReader().leaves().size());
            } finally {
                searchers.release(searcher);
            }
            return new IndexStatus(kind(), true, details);
        } catch (IOException | RuntimeException e) {
            details.put("error", String.valueOf(e.getMessage()));
            return new IndexStatus(kind(), false, details);
        }
    }

    /**
     * Blocks until background segment merges are done and searches see the merged segments, so that a benchmark
     * measures a settled index.
     */
    void awaitMerges() throws IOException {
        mergeScheduler.sync();
        searchers.maybeRefreshBlocking();
    }

    @Override
    public void close() {
        try {
            IOUtils.close(searchers, writer, directory);
        } catch (IOException e) {
            throw failure("close_index", e);
        }
    }

    /**
     * A unit-length copy: DOT_PRODUCT equals the cosine only on unit vectors, and callers keep their arrays.
     * Vectors are expected unit-length already, so this corrects rounding, not meaning.
     */
    private float[] unitVector(float[] vector) {
        if (vector == null || vector.length != dimension) {
            throw new IllegalArgumentException("vector must have " + dimension + " dimensions, had "
                    + (vector == null ? "none" : vector.length));
        }
        double squares = 0;
        for (float component : vector) {
            squares += (double) component * component;
        }
        double norm = Math.sqrt(squares);
        if (!(norm > 0) || Double.isInfinite(norm)) {
            throw new IllegalArgumentException("vector must be finite and non-zero");
        }
        float[] unit = new float[dimension];
        for (int i = 0; i < dimension; i++) {
            unit[i] = (float) (vector[i] / norm);
        }
        return unit;
    }

    private static void requireKey(String name, String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(name + " is required");
        }
    }

    private static IndexException failure(String operation, IOException e) {
        return new IndexException(operation, "embedded index could not " + operation.replace('_', ' ') + ": "
                + e.getMessage(), e);
    }
}
