package dev.visage.api.index;

import dev.visage.common.error.VisageException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The gallery index seen from the reactive side: every call runs on a worker thread (both adapters block on
 * disk or network) and an index failure becomes a {@code milvus_error} naming the operation.
 */
@ApplicationScoped
public class GalleryVectors {

    private final GalleryIndex index;
    private final Timer search;

    public GalleryVectors(GalleryIndex index, MeterRegistry registry) {
        this.index = index;
        this.search = Timer.builder("visage.gallery.search").description("Nearest-face search in the gallery index")
                .tag("index", index.kind()).publishPercentileHistogram().register(registry);
    }

    public Uni<Void> upsert(List<IndexedFace> faces) {
        return call("upsert_faces", () -> {
            index.upsert(faces);
            return null;
        });
    }

    public Uni<Void> deleteFaces(String collection, Collection<String> faceIds) {
        return call("delete_faces", () -> {
            index.deleteFaces(collection, faceIds);
            return null;
        });
    }

    public Uni<Void> deleteSubject(String collection, String subjectId) {
        return call("delete_subject", () -> {
            index.deleteSubject(collection, subjectId);
            return null;
        });
    }

    public Uni<List<IndexMatch>> search(String collection, float[] vector, int topK) {
        return call("search_similar_faces", () -> search.record(() -> index.search(collection, vector, topK)));
    }

    public Uni<Set<String>> faceIds(String collection) {
        return call("list_face_ids", () -> index.faceIds(collection));
    }

    public Uni<Set<String>> collections() {
        return call("list_collections", index::collections);
    }

    private static <T> Uni<T> call(String operation, Supplier<T> work) {
        return Uni.createFrom().item(work)
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .onFailure(IndexException.class).transform(e -> VisageException.milvus(
                        ((IndexException) e).operation(), e.getMessage(),
                        "Check that the vector index is reachable (see /face-verification/status/); then retry."))
                .onFailure(e -> !(e instanceof VisageException)).transform(e -> VisageException.milvus(
                        operation, e.getClass().getSimpleName() + ": " + e.getMessage(),
                        "Check that the vector index is reachable; then retry."));
    }
}
