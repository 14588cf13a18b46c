package dev.visage.api.gallery;

import dev.visage.api.index.GalleryVectors;
import dev.visage.api.index.IndexedFace;
import dev.visage.api.gallery.repository.FaceRepository;
import dev.visage.api.database.DatabaseSchema;
import dev.visage.api.gallery.repository.StoredFace;
import dev.visage.api.gallery.repository.Subject;
import dev.visage.api.gallery.repository.SubjectRepository;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Brings PostgreSQL and the gallery index back into agreement after a crash or an outage, on start and then
 * periodically: enrolments left {@code pending} get their vector (again) and become active; erasures left
 * {@code deleting} lose their vectors and rows; vectors without a live row are removed; active faces whose vector
 * the index lost (a crash before its commit, a deleted or new index) get it back from PostgreSQL, in batches.
 * Every step is idempotent, so running it while requests are served, or twice, is safe.
 */
@ApplicationScoped
public class GalleryReconciler {

    private static final Logger LOG = Logger.getLogger(GalleryReconciler.class);
    /** Faces restored to the index per upsert: a rebuilt index is loaded in batches, not a commit per face. */
    static final int RESTORE_BATCH = 1_000;

    /** What one pass did. */
    public record Report(int enrolmentsFinished, int erasuresFinished, int orphansRemoved, int vectorsRestored) {
    }

    private final DatabaseSchema schema;
    private final SubjectRepository subjects;
    private final FaceRepository faces;
    private final GalleryVectors vectors;
    private final GalleryConfig config;
    private final AtomicBoolean running = new AtomicBoolean();

    public GalleryReconciler(DatabaseSchema schema, SubjectRepository subjects, FaceRepository faces,
                             GalleryVectors vectors, GalleryConfig config) {
        this.schema = schema;
        this.subjects = subjects;
        this.faces = faces;
        this.vectors = vectors;
        this.config = config;
    }

    void schedule(@Observes StartupEvent event, Vertx vertx) {
        vertx.setTimer(2_000, id -> runQuietly());
        vertx.setPeriodic(config.reconcileInterval().toMillis(), id -> runQuietly());
    }

    private void runQuietly() {
        reconcile().subscribe().with(
                report -> {
                    if (report.enrolmentsFinished() + report.erasuresFinished() + report.orphansRemoved()
                            + report.vectorsRestored() > 0) {
                        LOG.infof("gallery reconciled: %s", report);
                    }
                },
                failure -> LOG.warnf("gallery reconciliation postponed: %s", failure.getMessage()));
    }

    /** One pass; a pass already running makes this one a no-op. */
    public Uni<Report> reconcile() {
        if (!running.compareAndSet(false, true)) {
            return Uni.createFrom().item(new Report(0, 0, 0, 0));
        }
        return schema.ensure()
                .chain(() -> finishEnrolments())
                .chain(enrolled -> finishErasures().chain(erased -> repairVectors()
                        .map(repairs -> new Report(enrolled, erased, repairs.orphansRemoved(),
                                repairs.vectorsRestored()))))
                .eventually(() -> running.set(false));
    }

    private Uni<Integer> finishEnrolments() {
        return faces.stalePending(config.pendingGrace()).chain(pending -> Multi.createFrom().iterable(pending)
                .onItem().transformToUniAndConcatenate(face -> vectors.upsert(List.of(new IndexedFace(
                                face.id().toString(), face.subjectId().toString(), face.collection(),
                                face.embedding())))
                        .chain(() -> faces.activate(face.id()))
                        .replaceWith(face))
                .collect().asList().map(List::size));
    }

    private Uni<Integer> finishErasures() {
        Uni<Integer> faceErasures = faces.deleting().chain(deleting -> Multi.createFrom().iterable(deleting)
                .onItem().transformToUniAndConcatenate((StoredFace face) -> vectors
                        .deleteFaces(face.collection(), List.of(face.id().toString()))
                        .chain(() -> faces.delete(face.id()))
                        .replaceWith(face))
                .collect().asList().map(List::size));
        Uni<Integer> subjectErasures = subjects.deletedButPresent().chain(erased -> Multi.createFrom()
                .iterable(erased)
                .onItem().transformToUniAndConcatenate((Subject s) -> vectors
                        .deleteSubject(s.collection(), s.id().toString())
                        .chain(() -> subjects.purge(s.id()))
                        .replaceWith(s))
                .collect().asList().map(List::size));
        return faceErasures.chain(f -> subjectErasures.map(s -> f + s));
    }

    /** What {@link #repairVectors} did. */
    private record VectorRepairs(int orphansRemoved, int vectorsRestored) {

        VectorRepairs plus(VectorRepairs other) {
            return new VectorRepairs(orphansRemoved + other.orphansRemoved, vectorsRestored + other.vectorsRestored);
        }
    }

    /**
     * Walks the collections the index or PostgreSQL holds, so vectors of a collection whose rows are all gone are
     * found too, and reads each collection's vectors and rows once: vectors without a live row are removed, active
     * faces without a vector get it back.
     */
    private Uni<VectorRepairs> repairVectors() {
        return vectors.collections().chain(indexed -> faces.activeCollections().map(active -> {
                    Set<String> all = new TreeSet<>(indexed);
                    all.addAll(active);
                    return all;
                }))
                .chain(collections -> Multi.createFrom().iterable(collections)
                        .onItem().transformToUniAndConcatenate(this::repairCollection)
                        .collect().asList()
                        .map(repairs -> repairs.stream().reduce(new VectorRepairs(0, 0), VectorRepairs::plus)));
    }

    /**
     * Vectors are listed before rows: an enrolment writes its row before its vector, so every vector listed has a
     * row by the time rows are read, and one enrolled in between is never taken for an orphan (it may be taken for
     * missing and written again, which changes nothing). A face is read again as still active before it is
     * restored, so one erased meanwhile is not brought back.
     */
    private Uni<VectorRepairs> repairCollection(String collection) {
        return vectors.faceIds(collection).chain(indexed -> faces.liveFaces(collection).chain(rows -> {
            Set<String> orphans = new HashSet<>(indexed);
            rows.live().forEach(id -> orphans.remove(id.toString()));
            List<UUID> missing = rows.active().stream().filter(id -> !indexed.contains(id.toString())).toList();
            Uni<Integer> removed = orphans.isEmpty() ? Uni.createFrom().item(0)
                    : vectors.deleteFaces(collection, orphans).replaceWith(orphans.size());
            return removed.chain(count -> restore(missing).map(restored -> new VectorRepairs(count, restored)));
        }));
    }

    private Uni<Integer> restore(List<UUID> missing) {
        List<List<UUID>> batches = new ArrayList<>();
        for (int i = 0; i < missing.size(); i += RESTORE_BATCH) {
            batches.add(missing.subList(i, Math.min(missing.size(), i + RESTORE_BATCH)));
        }
        return Multi.createFrom().iterable(batches)
                .onItem().transformToUniAndConcatenate(batch -> faces.stillActive(batch).chain(rows -> vectors
                        .upsert(rows.stream().map(face -> new IndexedFace(face.id().toString(),
                                face.subjectId().toString(), face.collection(), face.embedding())).toList())
                        .replaceWith(rows.size())))
                .collect().asList().map(counts -> counts.stream().mapToInt(Integer::intValue).sum());
    }
}
