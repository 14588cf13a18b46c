package dev.visage.api.index.embedded;

import dev.visage.api.index.GalleryIndex;
import dev.visage.api.index.IndexException;
import dev.visage.api.index.IndexMatch;
import dev.visage.api.index.IndexStatus;
import dev.visage.api.index.IndexedFace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene104.Lucene104Codec;
import org.apache.lucene.codecs.lucene104.Lucene104ScalarQuantizedVectorsFormat;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.FieldInfos;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexFormatTooOldException;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.KnnVectorValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.MultiTerms;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.index.TieredMergePolicy;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.SearcherFactory;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.Weight;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.IOUtils;
import org.apache.lucene.util.VectorUtil;
import org.apache.lucene.util.quantization.QuantizedByteVectorValues.ScalarEncoding;
import org.jboss.logging.Logger;

/**
 * The gallery in one Lucene index on local disk: for a single node, without Milvus.
 *
 * <p>A search compares the query with every face of the collection on one sign bit per dimension
 * ({@link SignBitScan}, 64 bytes per 512-d face, on every core), then scores the nearest
 * {@link Settings#searchCandidates} again on their stored float vectors (Lucene's SIMD dot product), so the
 * similarity a caller sees is the exact cosine and the order is exact among those candidates. Measured against an
 * HNSW graph on two cores (docs/benchmarks.md): at a million faces the scan finds the enrolled face first for every
 * probe, p99 under 13 ms, where the graph missed a third of the hard ones at p99 49 ms; and a gallery without a
 * graph is loaded and merged at the speed of writing its vectors (17,000 faces/s against 277). Vectors are stored
 * unit-length, so their dot product is the cosine.
 *
 * <p>Writes are searchable when they return (a near-real-time reader on the writer), but committed (fsynced) only
 * every {@link Settings#commitInterval}, every {@link Settings#commitEveryFaces} faces and on close: a crash loses
 * the writes since the last commit, at most about one interval (ten while writes overlap without a pause). PostgreSQL is the source of truth and the gallery reconciler re-adds
 * faces the index lacks, so such a loss is repaired, not permanent.
 */
public final class LuceneGalleryIndex implements GalleryIndex {

    private static final Logger LOG = Logger.getLogger(LuceneGalleryIndex.class);

    /**
     * @param searchCandidates faces nearest by sign bits that are scored on their float vectors before the best
     *                         {@code topK} are returned; never fewer than {@code topK}. More means better recall of
     *                         distant neighbours and slower searches (about a microsecond each).
     * @param ramBufferMb      memory buffered before a segment is written (about 3 KB per 512-d face).
     * @param commitInterval   the longest a write stays uncommitted: what a crash can lose.
     * @param commitEveryFaces uncommitted faces that force a commit before the interval is over, so that a bulk load
     *                         is not held in memory and at risk for a whole interval.
     * @param bulkLoadFaces    faces written since the last merge into one segment that, once writes pause for a
     *                         commit interval, count as a bulk load and start that merge in the background.
     */
    public record Settings(int searchCandidates, double ramBufferMb, Duration commitInterval, int commitEveryFaces,
            int bulkLoadFaces) {

        /**
         * 1,000 candidates: at a million faces 500 already found every probe's enrolled face first, down to cosine
         * 0.45 (docs/benchmarks.md); twice that is a margin for galleries less even than random vectors, at about
         * a millisecond per search.
         */
        public static final Settings DEFAULTS = new Settings(1_000, 64, Duration.ofSeconds(1), 10_000, 10_000);

        public Settings {
            if (searchCandidates < 1) {
                throw new IllegalArgumentException("searchCandidates must be at least 1, was " + searchCandidates);
            }
            if (commitInterval.isNegative() || commitInterval.isZero()) {
                throw new IllegalArgumentException("commitInterval must be positive, was " + commitInterval);
            }
        }

        public Settings withSearchCandidates(int candidates) {
            return new Settings(candidates, ramBufferMb, commitInterval, commitEveryFaces, bulkLoadFaces);
        }

        public Settings withCommits(Duration interval, int everyFaces) {
            return new Settings(searchCandidates, ramBufferMb, interval, everyFaces, bulkLoadFaces);
        }
    }

    static final String FACE_ID = "face_id";
    static final String SUBJECT_ID = "subject_id";
    static final String COLLECTION = "collection";
    static final String VECTOR = "vector";
    private static final Set<String> MATCH_FIELDS = Set.of(FACE_ID, SUBJECT_ID);
    private static final Set<String> FACE_ID_ONLY = Set.of(FACE_ID);
    private static final VectorSimilarityFunction SIMILARITY = VectorSimilarityFunction.DOT_PRODUCT;
    /**
     * One segment after a bulk load: the faces deleted during it are dropped, and the scan's slices are cut evenly.
     * Merging copies vectors and builds nothing, about as fast as writing them.
     */
    private static final int BULK_LOAD_SEGMENTS = 1;
    /** Commit intervals that overlapping writes may hold off a commit for (see {@link #commitDue}). */
    private static final int MAX_COMMIT_DELAY_INTERVALS = 10;

    private final Path dataDir;
    private final int dimension;
    private final Settings settings;
    private final FieldType vectorType;
    private final Directory directory;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final SignBitScan scan;
    private final Threads threads;
    private final AtomicLong uncommittedFaces = new AtomicLong();
    private final AtomicLong facesSinceMerge = new AtomicLong();
    private final AtomicLong writes = new AtomicLong();
    private final AtomicInteger writesInProgress = new AtomicInteger();
    private long writesAtLastTick;
    private volatile long lastCommitNanos = System.nanoTime();

    private LuceneGalleryIndex(Path dataDir, int dimension, Settings settings, Directory directory,
            IndexWriter writer, SearcherManager searchers, SignBitScan scan, Threads threads) {
        this.dataDir = dataDir;
        this.dimension = dimension;
        this.settings = settings;
        this.vectorType = KnnFloatVectorField.createFieldType(dimension, SIMILARITY);
        this.directory = directory;
        this.writer = writer;
        this.searchers = searchers;
        this.scan = scan;
        this.threads = threads;
        long intervalMillis = settings.commitInterval().toMillis();
        threads.committer.scheduleWithFixedDelay(this::commitInBackground, intervalMillis, intervalMillis,
                TimeUnit.MILLISECONDS);
    }

    public static LuceneGalleryIndex open(Path dataDir, int dimension) {
        return open(dataDir, dimension, Settings.DEFAULTS);
    }

    /**
     * Opens the index under {@code dataDir}, creating it when there is none. Only one process (and one instance) may
     * hold a data dir at a time: Lucene's write lock refuses a second. An index written by an older Lucene (9.x)
     * cannot be read: it is set aside beside the new one, which starts empty and is refilled from PostgreSQL by the
     * gallery reconciler.
     */
    public static LuceneGalleryIndex open(Path dataDir, int dimension, Settings settings) {
        Threads threads = new Threads(Runtime.getRuntime().availableProcessors());
        // Stores the float vectors without a graph; the one-bit copies it also writes are not read (see class doc).
        KnnVectorsFormat vectorsFormat = new Lucene104ScalarQuantizedVectorsFormat(ScalarEncoding.SINGLE_BIT_QUERY_NIBBLE);
        if (dimension < 1 || dimension > vectorsFormat.getMaxDimensions(VECTOR)) {
            threads.close();
            throw new IllegalArgumentException("dimension must be between 1 and "
                    + vectorsFormat.getMaxDimensions(VECTOR) + ", was " + dimension);
        }
        SignBitScan scan = new SignBitScan(VECTOR, COLLECTION, dimension, threads.search, threads.cores);
        Supplier<IndexWriterConfig> config = () -> new IndexWriterConfig()
                .setCodec(new Lucene104Codec() {
                    @Override
                    public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
                        return vectorsFormat;
                    }
                })
                .setRAMBufferSizeMB(settings.ramBufferMb())
                .setMergePolicy(mergePolicy())
                .setMergedSegmentWarmer(scan::codes);
        Directory directory = null;
        IndexWriter writer = null;
        SearcherManager searchers = null;
        try {
            Files.createDirectories(dataDir);
            directory = FSDirectory.open(dataDir.resolve("lucene"));
            try {
                writer = new IndexWriter(directory, config.get());
            } catch (IndexFormatTooOldException e) {
                directory.close();
                Path aside = dataDir.resolve("lucene.older-" + System.currentTimeMillis());
                Files.move(dataDir.resolve("lucene"), aside);
                LOG.warnf("gallery index: %s was written by an older Lucene (%s); set aside as %s, starting empty: "
                        + "the gallery reconciler refills it from PostgreSQL", dataDir, e.getMessage(), aside);
                directory = FSDirectory.open(dataDir.resolve("lucene"));
                writer = new IndexWriter(directory, config.get());
            }
            searchers = new SearcherManager(writer, new SearcherFactory() {
                @Override
                public IndexSearcher newSearcher(IndexReader reader, IndexReader previousReader)
                        throws IOException {
                    scan.warm(reader);
                    return new IndexSearcher(reader, threads.search);
                }
            });
            requireStoredDimension(searchers, dataDir, dimension);
            return new LuceneGalleryIndex(dataDir, dimension, settings, directory, writer, searchers, scan, threads);
        } catch (IOException | RuntimeException e) {
            IOUtils.closeWhileHandlingException(searchers, writer, directory);
            threads.close();
            if (e instanceof IndexException indexException) {
                throw indexException;
            }
            throw new IndexException("open_index", "could not open the embedded index in " + dataDir + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * Fewer, bigger segments than Lucene's defaults, as every segment is a set of codes and a slice a search must
     * visit: four per size tier, and nothing under 64 MB (about 20,000 faces) counts as its own tier, so that the
     * small segments that near-real-time refreshes write are merged away early.
     */
    private static TieredMergePolicy mergePolicy() {
        return new TieredMergePolicy().setSegmentsPerTier(4).setFloorSegmentMB(64);
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
        if (faces.isEmpty()) {
            return;
        }
        // Counted from the start: preparing a big batch is part of the write, not a pause in a bulk load.
        writesInProgress.incrementAndGet();
        try {
            List<Document> documents = new ArrayList<>(faces.size());
            for (IndexedFace face : faces) {
                documents.add(document(face));
            }
            for (Document document : documents) {
                writer.updateDocument(new Term(FACE_ID, document.get(FACE_ID)), document);
            }
            afterWrite(documents.size());
        } catch (IOException e) {
            throw failure("upsert_faces", e);
        } finally {
            writesInProgress.decrementAndGet();
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
        delete("delete_faces", new BooleanQuery.Builder()
                .add(new TermQuery(new Term(COLLECTION, collection)), Occur.FILTER)
                .add(new TermInSetQuery(FACE_ID, ids), Occur.FILTER)
                .build());
    }

    @Override
    public void deleteSubject(String collection, String subjectId) {
        requireKey("collection", collection);
        requireKey("subjectId", subjectId);
        delete("delete_subject", new BooleanQuery.Builder()
                .add(new TermQuery(new Term(COLLECTION, collection)), Occur.FILTER)
                .add(new TermQuery(new Term(SUBJECT_ID, subjectId)), Occur.FILTER)
                .build());
    }

    private void delete(String operation, Query faces) {
        try {
            writer.deleteDocuments(faces);
            afterWrite(0);
        } catch (IOException e) {
            throw failure(operation, e);
        }
    }

    /** Makes the write searchable before the caller goes on; commits only when too much is waiting for one. */
    private void afterWrite(int faces) throws IOException {
        writes.incrementAndGet();
        facesSinceMerge.addAndGet(faces);
        if (uncommittedFaces.addAndGet(faces) >= settings.commitEveryFaces()) {
            commit();
        }
        searchers.maybeRefreshBlocking();
    }

    private void commit() throws IOException {
        long committing = uncommittedFaces.get();
        writer.commit();
        uncommittedFaces.addAndGet(-committing);
        lastCommitNanos = System.nanoTime();
    }

    /**
     * A commit writes every buffered face out as a segment, which a later merge copies again: committing in the
     * middle of a bulk upsert would cut it into a segment per interval. So the timer leaves a running upsert alone
     * (it commits itself every {@link Settings#commitEveryFaces}), unless writes have overlapped for so long that
     * nothing would be committed otherwise.
     */
    static boolean commitDue(boolean writing, long nanosSinceCommit, Duration commitInterval) {
        return !writing || nanosSinceCommit >= MAX_COMMIT_DELAY_INTERVALS * commitInterval.toNanos();
    }

    /**
     * Every commit interval: commits what is waiting, and once writes have paused after a bulk load, merges the
     * index into one segment in the background (searches go on against the old segments until it is done).
     */
    private void commitInBackground() {
        try {
            long written = writes.get();
            boolean paused = written == writesAtLastTick && writesInProgress.get() == 0;
            writesAtLastTick = written;
            boolean writing = writesInProgress.get() > 0;
            if (writer.hasUncommittedChanges() && commitDue(writing, System.nanoTime() - lastCommitNanos,
                    settings.commitInterval())) {
                commit();
            }
            if (paused && bulkLoadEnded(facesSinceMerge.get(), writer.getDocStats().numDocs,
                    settings.bulkLoadFaces())) {
                facesSinceMerge.set(0);
                LOG.infof("gallery index: bulk load of %d faces over, merging into %d segment(s)",
                        writer.getDocStats().numDocs, BULK_LOAD_SEGMENTS);
                writer.forceMerge(BULK_LOAD_SEGMENTS, false);
            }
            if (paused) {
                // Merges finish without a write to trigger a refresh.
                searchers.maybeRefresh();
            }
        } catch (IOException | RuntimeException e) {
            LOG.warnf(e, "gallery index: background commit failed; writes stay searchable, not yet durable");
        }
    }

    /**
     * A bulk load is a batch big in itself and against what was there before it (a rebuild, an import), not the
     * steady trickle of enrolments that the merge policy handles: merging a million faces into one segment again
     * for every ten thousand new ones would cost more than it saves.
     */
    static boolean bulkLoadEnded(long facesSinceMerge, long facesInIndex, int bulkLoadFaces) {
        return facesSinceMerge >= bulkLoadFaces && 2 * facesSinceMerge >= facesInIndex;
    }

    /**
     * Ends a bulk load now rather than after the next pause in writes: merges the index into one segment, commits
     * and makes the merged segment searchable.
     */
    public void finishBulkLoad() {
        try {
            facesSinceMerge.set(0);
            writer.forceMerge(BULK_LOAD_SEGMENTS, true);
            commit();
            searchers.maybeRefreshBlocking();
        } catch (IOException e) {
            throw failure("finish_bulk_load", e);
        }
    }

    @Override
    public List<IndexMatch> search(String collection, float[] vector, int topK) {
        requireKey("collection", collection);
        if (topK < 1) {
            throw new IllegalArgumentException("topK must be at least 1, was " + topK);
        }
        float[] unit = unitVector(vector);
        int candidates = Math.max(topK, settings.searchCandidates());
        try {
            IndexSearcher searcher = searchers.acquire();
            try {
                int[] nearest = scan.candidates(searcher.getIndexReader(), collection, unit, candidates);
                List<RescoredCandidate> best = RescoredCandidate.best(rescore(searcher, unit, nearest), topK);
                StoredFields storedFields = searcher.storedFields();
                List<IndexMatch> matches = new ArrayList<>(best.size());
                for (RescoredCandidate candidate : best) {
                    Document stored = storedFields.document(candidate.doc(), MATCH_FIELDS);
                    matches.add(new IndexMatch(stored.get(FACE_ID), stored.get(SUBJECT_ID),
                            candidate.similarity()));
                }
                return matches;
            } finally {
                searchers.release(searcher);
            }
        } catch (IOException e) {
            throw failure("search_similar_faces", e);
        }
    }

    /** The exact cosine of each candidate, from its stored float vector. */
    private static List<RescoredCandidate> rescore(IndexSearcher searcher, float[] query, int[] candidates)
            throws IOException {
        // Vector values are read forwards only, so documents are visited in order, leaf by leaf.
        int[] docs = candidates.clone();
        Arrays.sort(docs);
        List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
        List<RescoredCandidate> rescored = new ArrayList<>(docs.length);
        LeafReaderContext leaf = null;
        FloatVectorValues vectors = null;
        KnnVectorValues.DocIndexIterator positions = null;
        for (int doc : docs) {
            LeafReaderContext docLeaf = leaves.get(ReaderUtil.subIndex(doc, leaves));
            if (docLeaf != leaf) {
                leaf = docLeaf;
                vectors = leaf.reader().getFloatVectorValues(VECTOR);
                positions = vectors.iterator();
            }
            int leafDoc = doc - leaf.docBase;
            if (positions.advance(leafDoc) != leafDoc) {
                throw new IOException("document " + doc + " was found by its codes but has no vector");
            }
            float dot = VectorUtil.dotProduct(query, vectors.vectorValue(positions.index()));
            rescored.add(new RescoredCandidate(doc, RescoredCandidate.cosine(dot)));
        }
        return rescored;
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
        details.put("search", "sign-bit scan, " + settings.searchCandidates() + " candidates rescored");
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
                details.put("uncommitted_faces", uncommittedFaces.get());
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
     * Commits what is written, then abandons running merges rather than wait for them (merging a million faces
     * takes most of a minute): they start again from the committed segments after the next open.
     */
    @Override
    public void close() {
        threads.stopCommitting();
        try {
            try {
                if (writer.isOpen()) {
                    commit();
                }
            } finally {
                IOUtils.close(searchers, writer::rollback, directory);
            }
        } catch (IOException e) {
            throw failure("close_index", e);
        } finally {
            threads.close();
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

    /**
     * The index's own threads: slices of the gallery scanned in parallel, the periodic commit.
     * Daemon threads, so that an index left open does not keep a process alive.
     */
    private static final class Threads {

        private final int cores;
        private final ExecutorService search;
        private final ScheduledExecutorService committer;

        Threads(int cores) {
            this.cores = cores;
            this.search = Executors.newFixedThreadPool(cores, daemon("gallery-index-search-"));
            this.committer = Executors.newSingleThreadScheduledExecutor(daemon("gallery-index-commit-"));
        }

        private static ThreadFactory daemon(String prefix) {
            AtomicInteger number = new AtomicInteger();
            return task -> {
                Thread thread = new Thread(task, prefix + number.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            };
        }

        void stopCommitting() {
            committer.shutdown();
            try {
                committer.awaitTermination(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        void close() {
            committer.shutdownNow();
            search.shutdown();
        }
    }

    private static IndexException failure(String operation, IOException e) {
        return new IndexException(operation, "embedded index could not " + operation.replace('_', ' ') + ": "
                + e.getMessage(), e);
    }
}
