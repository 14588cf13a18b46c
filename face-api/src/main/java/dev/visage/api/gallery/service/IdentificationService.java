package dev.visage.api.gallery.service;

import dev.visage.api.quality.QualityGate;
import dev.visage.api.database.DatabaseErrors;
import dev.visage.api.gallery.GalleryConfig;
import dev.visage.api.gallery.repository.FaceRepository;
import dev.visage.api.database.DatabaseSchema;
import dev.visage.api.gallery.repository.StoredFace;
import dev.visage.api.gallery.service.GalleryResults.IdentifiedFace;
import dev.visage.api.gallery.service.GalleryResults.Identification;
import dev.visage.api.gallery.service.GalleryResults.SubjectVerification;
import dev.visage.api.index.GalleryVectors;
import dev.visage.api.index.IndexMatch;
import dev.visage.api.photo.Photo;
import dev.visage.api.worker.EmbeddingGateway;
import dev.visage.api.worker.FaceChoice;
import dev.visage.common.error.VisageException;
import dev.visage.common.face.Similarity;
import dev.visage.common.messaging.EmbedSelection;
import dev.visage.common.messaging.FaceData;
import dev.visage.common.messaging.FaceAttributes;
import dev.visage.common.messaging.FaceQuality;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Matching against the gallery: 1:N identification, and 1:1 against the faces one subject has enrolled. */
@ApplicationScoped
public class IdentificationService {

    static final String SUBJECT_RULE = "best match: the highest similarity between the photo's largest face and any "
            + "of the subject's enrolled faces, compared with the gallery threshold";

    /** The index is asked for more faces than will be answered, since one subject can own several of them. */
    private static final int CANDIDATES_PER_MATCH = 4;

    private final DatabaseSchema schema;
    private final SubjectService subjects;
    private final FaceRepository faces;
    private final GalleryVectors vectors;
    private final EmbeddingGateway gateway;
    private final GalleryConfig config;
    private final QualityGate qualityGate;

    public IdentificationService(DatabaseSchema schema, SubjectService subjects, FaceRepository faces,
                                 GalleryVectors vectors, EmbeddingGateway gateway, GalleryConfig config,
                                 QualityGate qualityGate) {
        this.qualityGate = qualityGate;
        this.schema = schema;
        this.subjects = subjects;
        this.faces = faces;
        this.vectors = vectors;
        this.gateway = gateway;
        this.config = config;
    }

    public Uni<Identification> identify(String requestId, String collection, Photo photo, Integer topK,
                                        boolean allFaces, Optional<FaceQuality.Level> minimumQuality,
                                        Set<FaceAttributes.Kind> attributes) {
        int k = topK == null ? config.defaultTopK() : topK;
        if (k < 1 || k > config.maxTopK()) {
            throw VisageException.validation("top_k is out of range", "top_k=" + k,
                    "Use a top_k from 1 to " + config.maxTopK() + ".");
        }
        double threshold = config.threshold();
        return gateway.analyse(requestId, photo, allFaces ? EmbedSelection.ALL : EmbedSelection.LARGEST, false,
                        attributes)
                .chain(reply -> {
                    List<FaceData> probes = FaceChoice.embeddedLargestFirst(photo.name(), reply);
                    probes.forEach(probe -> qualityGate.require(photo.name(), probe, minimumQuality));
                    List<Uni<List<IndexMatch>>> searches = probes.stream()
                            .map(p -> vectors.search(collection, p.embedding(), k * CANDIDATES_PER_MATCH)).toList();
                    return Uni.join().all(searches).andFailFast().chain(found -> subjects
                            .byIds(MatchRanking.candidates(found.stream().flatMap(List::stream).toList(), threshold))
                            .map(subjectsById -> {
                                List<IdentifiedFace> identified = new ArrayList<>();
                                for (int i = 0; i < probes.size(); i++) {
                                    identified.add(new IdentifiedFace(probes.get(i).withoutEmbedding(),
                                            MatchRanking.rank(found.get(i), subjectsById, threshold, k)));
                                }
                                return new Identification(identified.get(0).matches(), identified, threshold,
                                        collection, reply.model());
                            })
                            .call(identification -> subjects.touch(identification.auditedSubjects())));
                });
    }

    public Uni<SubjectVerification> verifySubject(String requestId, String collection, UUID subjectId, Photo photo,
                                                  Optional<FaceQuality.Level> minimumQuality) {
        return DatabaseErrors.database("verify_subject", schema.ensure()
                        .chain(() -> subjects.require(collection, subjectId))
                        .chain(() -> faces.activeOf(subjectId)))
                .chain(enrolled -> {
                    if (enrolled.isEmpty()) {
                        throw VisageException.unprocessable("Subject " + subjectId + " has no enrolled faces",
                                "subject_id=" + subjectId,
                                "Enrol a photo with POST /api/v1/subjects/{id}/faces first.");
                    }
                    return gateway.analyse(requestId, photo, EmbedSelection.LARGEST).map(reply -> {
                        FaceData probe = FaceChoice.largest(photo.name(), reply);
                        qualityGate.require(photo.name(), probe, minimumQuality);
                        StoredFace bestFace = enrolled.get(0);
                        double best = -1;
                        for (StoredFace face : enrolled) {
                            double similarity = Similarity.cosine(probe.embedding(), face.embedding());
                            if (similarity > best) {
                                best = similarity;
                                bestFace = face;
                            }
                        }
                        return new SubjectVerification(best >= config.threshold(), Similarity.rounded(best),
                                config.threshold(), subjectId, bestFace.id(), enrolled.size(), SUBJECT_RULE,
                                probe.withoutEmbedding());
                    }).call(result -> result.verified() ? subjects.touch(List.of(subjectId))
                            : Uni.createFrom().voidItem());
                });
    }
}
