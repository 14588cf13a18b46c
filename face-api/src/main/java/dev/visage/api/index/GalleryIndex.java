package dev.visage.api.index;

import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Where enrolled face vectors live and are searched: Milvus for scale-out, an embedded Lucene index for one node.
 * PostgreSQL holds the truth about subjects and faces; the index holds one vector per enrolled face, keyed by
 * face id. Calls block (both adapters do I/O): call them off the event loop. Implementations are thread-safe.
 */
public interface GalleryIndex extends AutoCloseable {

    /**
     * Adds the faces, replacing any stored under the same face id. Searchable when it returns. Milvus has them
     * durable by then too; the embedded index commits them within its commit interval (a crash may lose the last
     * interval's writes, which the gallery reconciler restores from PostgreSQL).
     */
    void upsert(List<IndexedFace> faces);

    /** Removes these faces of the collection; ids that are not stored are ignored. */
    void deleteFaces(String collection, Collection<String> faceIds);

    /** Removes every face of the subject in the collection. */
    void deleteSubject(String collection, String subjectId);

    /** The {@code topK} faces of the collection most similar (cosine) to {@code vector}, best first. */
    List<IndexMatch> search(String collection, float[] vector, int topK);

    /** Every face id stored for the collection, so the gallery can be reconciled with PostgreSQL. */
    Set<String> faceIds(String collection);

    /**
     * Every collection holding at least one vector, so that vectors of a collection PostgreSQL no longer knows can
     * be found and removed too.
     */
    Set<String> collections();

    /** {@code milvus} or {@code embedded}; known without asking the index anything. */
    String kind();

    /** What the index is and whether it answers, for health checks and the status pages. */
    IndexStatus status();

    @Override
    void close();
}
