package dev.visage.api.index.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.LongHeap;
import org.jboss.logging.Logger;

/**
 * The first step of a search: every live face of the collection compared with the query on {@link SignBitCodes},
 * the {@code count} nearest by Hamming distance kept as candidates for exact scoring. Exhaustive, so nothing is
 * missed for want of a path through a graph; parallel, the faces cut into one slice per core once there are enough
 * of them to pay for the hand-off.
 */
final class SignBitScan {

    private static final Logger LOG = Logger.getLogger(SignBitScan.class);
    /** Below this many faces a search runs on the caller's thread alone: a hand-off costs more than it saves. */
    static final int MIN_PARALLEL_FACES = 65_536;
    private static final int LOG_BUILDS_FROM_FACES = 100_000;

    private final String vectorField;
    private final String collectionField;
    private final int dimension;
    private final ExecutorService executor;
    private final int parallelism;
    private final Map<Object, SignBitCodes> segments = new ConcurrentHashMap<>();

    SignBitScan(String vectorField, String collectionField, int dimension, ExecutorService executor,
            int parallelism) {
        this.vectorField = vectorField;
        this.collectionField = collectionField;
        this.dimension = dimension;
        this.executor = executor;
        this.parallelism = parallelism;
    }

    /**
     * The segment's codes, built on first use and dropped when the segment is closed. Called for every segment of
     * every new reader before it serves a search, and for merged segments before they are published, so that no
     * search waits for a build.
     */
    SignBitCodes codes(LeafReader segment) {
        IndexReader.CacheHelper core = segment.getCoreCacheHelper();
        if (core == null) {
            throw new IllegalStateException("segment " + segment + " has no core cache key");
        }
        return segments.computeIfAbsent(core.getKey(), key -> {
            long start = System.nanoTime();
            try {
                SignBitCodes built = SignBitCodes.of(segment, vectorField, dimension);
                core.addClosedListener(segments::remove);
                if (segment.maxDoc() >= LOG_BUILDS_FROM_FACES) {
                    LOG.infof("gallery index: sign-bit codes of a %,d-face segment built in %d ms", segment.maxDoc(),
                            (System.nanoTime() - start) / 1_000_000);
                }
                return built;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    void warm(IndexReader reader) throws IOException {
        for (LeafReaderContext leaf : reader.leaves()) {
            readCodes(leaf.reader());
        }
    }

    /** {@link #codes}, for callers that report a failed read as the {@link IOException} it was. */
    private SignBitCodes readCodes(LeafReader segment) throws IOException {
        try {
            return codes(segment);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Top-level document ids of at most {@code count} candidates, nearest first (ties in any order). */
    int[] candidates(IndexReader reader, String collection, float[] query, int count) throws IOException {
        long[] queryCode = SignBitCodes.encode(query);
        List<Slice> slices = new ArrayList<>();
        long faces = 0;
        for (LeafReaderContext leaf : reader.leaves()) {
            SignBitCodes codes = readCodes(leaf.reader());
            int[] docs = codes.documentsOf(leaf.reader(), collectionField, collection);
            int size = docs == null ? codes.maxDoc() : docs.length;
            if (size > 0) {
                slices.add(new Slice(codes, leaf.reader().getLiveDocs(), docs, leaf.docBase, 0, size));
                faces += size;
            }
        }
        if (faces < MIN_PARALLEL_FACES || parallelism < 2) {
            LongHeap nearest = new LongHeap(count);
            for (Slice slice : slices) {
                slice.scan(queryCode, nearest, count);
            }
            return docsOf(List.of(nearest), count);
        }
        return docsOf(scanInParallel(cut(slices, (int) ((faces + parallelism - 1) / parallelism)), queryCode, count),
                count);
    }

    /** Slices of at most {@code size} faces: a big segment is shared among the cores, small ones are not cut. */
    private static List<Slice> cut(List<Slice> segments, int size) {
        List<Slice> cut = new ArrayList<>();
        for (Slice segment : segments) {
            for (int from = segment.from; from < segment.to; from += size) {
                cut.add(new Slice(segment.codes, segment.live, segment.docs, segment.docBase, from,
                        Math.min(segment.to, from + size)));
            }
        }
        return cut;
    }

    private List<LongHeap> scanInParallel(List<Slice> slices, long[] queryCode, int count) throws IOException {
        List<Future<LongHeap>> others = new ArrayList<>(slices.size() - 1);
        for (Slice slice : slices.subList(1, slices.size())) {
            others.add(executor.submit(() -> {
                LongHeap nearest = new LongHeap(count);
                slice.scan(queryCode, nearest, count);
                return nearest;
            }));
        }
        List<LongHeap> heaps = new ArrayList<>(slices.size());
        LongHeap own = new LongHeap(count);
        slices.get(0).scan(queryCode, own, count);
        heaps.add(own);
        try {
            for (Future<LongHeap> other : others) {
                heaps.add(other.get());
            }
        } catch (InterruptedException e) {
            others.forEach(other -> other.cancel(true));
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while scanning the gallery", e);
        } catch (ExecutionException e) {
            throw new IOException("scanning the gallery failed: " + e.getCause(), e.getCause());
        }
        return heaps;
    }

    private static int[] docsOf(List<LongHeap> heaps, int count) {
        int held = heaps.stream().mapToInt(LongHeap::size).sum();
        long[] keys = new long[held];
        int next = 0;
        for (LongHeap heap : heaps) {
            while (heap.size() > 0) {
                keys[next++] = -heap.pop();
            }
        }
        Arrays.sort(keys);
        int[] docs = new int[Math.min(count, keys.length)];
        for (int i = 0; i < docs.length; i++) {
            docs[i] = (int) keys[i];
        }
        return docs;
    }

    /**
     * Faces {@code from} to {@code to} of one segment: positions in {@code docs}, or documents themselves when the
     * segment holds only this collection ({@code docs} null).
     */
    private record Slice(SignBitCodes codes, Bits live, int[] docs, int docBase, int from, int to) {

        /**
         * Keeps the {@code count} nearest in {@code nearest} as negated keys (distance in the high half, top-level
         * document in the low half): the heap keeps the largest values, so its top is the farthest kept.
         */
        void scan(long[] query, LongHeap nearest, int count) {
            int farthestKept = Integer.MAX_VALUE;
            for (int position = from; position < to; position++) {
                int doc = docs == null ? position : docs[position];
                if (live != null && !live.get(doc)) {
                    continue;
                }
                int distance = codes.distance(doc, query);
                if (distance > farthestKept) {
                    continue;
                }
                long key = -(((long) distance << 32) | (docBase + doc));
                if (nearest.size() < count) {
                    nearest.push(key);
                } else if (key > nearest.top()) {
                    nearest.updateTop(key);
                } else {
                    continue;
                }
                if (nearest.size() == count) {
                    farthestKept = (int) ((-nearest.top()) >>> 32);
                }
            }
        }
    }
}
