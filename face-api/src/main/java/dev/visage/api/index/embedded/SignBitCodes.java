package dev.visage.api.index.embedded;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.KnnVectorValues;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.DocIdSetIterator;

/**
 * One bit per dimension for every face of one segment: the sign of each component of its vector, 64 to a long.
 *
 * <p>Two vectors' sign bits differ in about {@code d·θ/π} of the {@code d} dimensions, θ the angle between them
 * (random-hyperplane hashing; measured on the deepface embeddings: within 7 bits of that on average, no bias), so
 * the Hamming distance to a query's bits orders a segment's faces by cosine closely enough to choose the few
 * hundred candidates that are then scored exactly. That costs 64 bytes and eight XOR-and-popcount steps per 512-d
 * face, where a float comparison reads 2 KB.
 *
 * <p>Built once per segment from its stored float vectors (about a second per million faces) and kept while the
 * segment lives: segments never change, deletions live in a reader's live docs, which the scan checks.
 */
final class SignBitCodes {

    private static final int[] EVERY_DOCUMENT = new int[0];

    private final int maxDoc;
    private final int words;
    private final long[] codes;
    /** Documents of each collection searched so far; {@link #EVERY_DOCUMENT} for a segment's only collection. */
    private final Map<String, int[]> collectionDocs = new ConcurrentHashMap<>();

    private SignBitCodes(int maxDoc, int words, long[] codes) {
        this.maxDoc = maxDoc;
        this.words = words;
        this.codes = codes;
    }

    static int words(int dimension) {
        return (dimension + Long.SIZE - 1) / Long.SIZE;
    }

    static SignBitCodes of(LeafReader segment, String vectorField, int dimension) throws IOException {
        int words = words(dimension);
        long[] codes = new long[segment.maxDoc() * words];
        FloatVectorValues vectors = segment.getFloatVectorValues(vectorField);
        if (vectors != null) {
            KnnVectorValues.DocIndexIterator positions = vectors.iterator();
            for (int doc = positions.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = positions.nextDoc()) {
                encode(vectors.vectorValue(positions.index()), codes, doc * words);
            }
        }
        return new SignBitCodes(segment.maxDoc(), words, codes);
    }

    /** A positive component is a one bit; zero and negative ones are zero bits. */
    static void encode(float[] vector, long[] into, int offset) {
        for (int i = 0; i < vector.length; i++) {
            if (vector[i] > 0) {
                into[offset + (i >>> 6)] |= 1L << (i & 63);
            }
        }
    }

    static long[] encode(float[] vector) {
        long[] code = new long[words(vector.length)];
        encode(vector, code, 0);
        return code;
    }

    int maxDoc() {
        return maxDoc;
    }

    int distance(int doc, long[] query) {
        return differingBits(codes, doc * words, query);
    }

    static int differingBits(long[] codes, int offset, long[] query) {
        int differing = 0;
        for (int w = 0; w < query.length; w++) {
            differing += Long.bitCount(codes[offset + w] ^ query[w]);
        }
        return differing;
    }

    /**
     * The segment's documents in the collection, ascending, deleted ones included; {@code null} when every document
     * of the segment is in it (the usual case: one collection), so that the scan need not look them up.
     */
    int[] documentsOf(LeafReader segment, String field, String collection) throws IOException {
        int[] known = collectionDocs.get(collection);
        if (known != null) {
            return known == EVERY_DOCUMENT ? null : known;
        }
        Term term = new Term(field, collection);
        // The document frequency counts deleted documents too, as the postings do.
        int[] docs = new int[segment.docFreq(term)];
        int count = 0;
        PostingsEnum postings = segment.postings(term, PostingsEnum.NONE);
        if (postings != null) {
            for (int doc = postings.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = postings.nextDoc()) {
                docs[count++] = doc;
            }
        }
        if (count == maxDoc) {
            docs = EVERY_DOCUMENT;
        }
        if (count > 0) {
            // A name searched but never stored is not remembered: any caller could fill the map with them.
            collectionDocs.put(collection, docs);
        }
        return docs == EVERY_DOCUMENT ? null : docs;
    }
}
