package dev.visage.api.gallery;

import dev.visage.api.index.GalleryVectors;
import dev.visage.api.index.IndexedFace;
import dev.visage.api.gallery.repository.FaceRepository;
import dev.visage.api.gallery.repository.GallerySchema;
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

    private final GallerySchema schema;
    private final SubjectRepository subjects;
    private final FaceRepository faces;
    private final GalleryVectors vectors;
    private final GalleryConfig config;
    private final AtomicBoolean running = new AtomicBoolean();

    public GalleryReconciler(GallerySchema schema, SubjectRepository subjects, FaceRepository faces,
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
                .chain(enrolled -> finishErasures().chain(erased -> removeOrphans()
                        .chain(orphans -> restoreMissingVectors()
                                .map(restored -> new Report(enrolled, erased, orphans, restored)))))
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

    /**
     * Walks the collections the index holds, not those PostgreSQL knows, so vectors of a collection whose rows are
     * all gone are found too. Vectors are listed before rows: an enrolment writes its row before its vector, so
     * every vector listed has a row by the time rows are read, and one enrolled in between is never taken for an
     * orphan.
     */
    private Uni<Integer> removeOrphans() {
        return vectors.collections().chain(collections -> Multi.createFrom().iterable(collections)
                .onItem().transformToUniAndConcatenate(collection -> vectors.faceIds(collection)
                        .chain(indexed -> faces.liveIds(collection).chain(live -> {
                            Set<String> orphans = new HashSet<>(indexed);
                            live.stream().map(UUID::toString).forEach(orphans::remove);
                            return orphans.isEmpty() ? Uni.createFrom().item(0)
                                    : vectors.deleteFaces(collection, orphans).replaceWith(orphans.size());
                        })))
                .collect().asList().map(counts -> counts.stream().mapToInt(Integer::intValue).sum()));
    }

    /**
     * Active rows are read before the index: a face activated in between has its vector already (an enrolment
     * writes it before activating), and one erased in between is no longer active when its row is read again, so
     * only faces that are active and vector-less are restored.
     */
    private Uni<Integer> restoreMissingVectors() {
        return faces.activeCollections().chain(collections -> Multi.createFrom().iterable(collections)
                .onItem().transformToUniAndConcatenate(collection -> faces.activeIds(collection)
                        .chain(active -> vectors.faceIds(collection).map(indexed -> active.stream()
                                .filter(id -> !indexed.contains(id.toString())).toList()))
                        .chain(this::restore))
                .collect().asList().map(counts -> counts.stream().mapToInt(Integer::intValue).sum()));
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
