package dev.visage.api.verify;

import dev.visage.api.liveness.LivenessGate;
import dev.visage.api.quality.QualityGate;
import dev.visage.api.photo.Photo;
import dev.visage.api.worker.EmbeddingGateway;
import dev.visage.api.worker.FaceChoice;
import dev.visage.common.api.Elapsed;
import dev.visage.common.face.Similarity;
import dev.visage.common.messaging.EmbedSelection;
import dev.visage.common.messaging.EmbeddingReply;
import dev.visage.common.messaging.FaceData;
import dev.visage.common.messaging.FaceAttributes;
import dev.visage.common.messaging.FaceQuality;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * 1:1 verification: both photos go to the workers at once; the largest face of each is compared by cosine
 * similarity against the threshold.
 */
@ApplicationScoped
public class VerificationService {

    private final EmbeddingGateway gateway;
    private final VerifyConfig config;
    private final LivenessGate livenessGate;
    private final QualityGate qualityGate;

    public VerificationService(EmbeddingGateway gateway, VerifyConfig config, LivenessGate livenessGate,
                               QualityGate qualityGate) {
        this.gateway = gateway;
        this.config = config;
        this.livenessGate = livenessGate;
        this.qualityGate = qualityGate;
    }

    /** Compares the largest faces of two photos; a face below {@code minimumQuality} (if given) is refused. */
    public Uni<VerificationResult> verify(String requestId, Photo first, Photo second, Double threshold,
                                          Optional<FaceQuality.Level> minimumQuality, boolean liveness,
                                          Set<FaceAttributes.Kind> attributes) {
        double limit = threshold == null ? config.threshold() : threshold;
        long start = System.nanoTime();
        return Uni.combine().all()
                .unis(gateway.analyse(requestId, first, EmbedSelection.LARGEST, liveness, attributes),
                        gateway.analyse(requestId, second, EmbedSelection.LARGEST, liveness, attributes))
                .asTuple()
                .map(replies -> {
                    FaceData a = livenessGate.judge(first.name(),
                            FaceChoice.largest(first.name(), replies.getItem1()), liveness);
                    FaceData b = livenessGate.judge(second.name(),
                            FaceChoice.largest(second.name(), replies.getItem2()), liveness);
                    qualityGate.require(first.name(), a, minimumQuality);
                    qualityGate.require(second.name(), b, minimumQuality);
                    double similarity = Similarity.cosine(a.embedding(), b.embedding());
                    Map<String, Object> timing = new LinkedHashMap<>();
                    timing.put("total", Elapsed.millisSince(start));
                    timing.put(first.name(), replies.getItem1().timingMs());
                    timing.put(second.name(), replies.getItem2().timingMs());
                    return new VerificationResult(similarity >= limit, Similarity.rounded(similarity), limit,
                            replies.getItem1().model(), List.of(summary(first, replies.getItem1(), a),
                            summary(second, replies.getItem2(), b)), timing);
                });
    }

    /** What the answer says about one photo: the compared face, and a note when there was a choice to make. */
    static FaceSummary summary(Photo photo, EmbeddingReply reply, FaceData compared) {
        int found = reply.faces().size();
        String note = found > 1 ? found + " faces found; the largest was compared" : null;
        return new FaceSummary(photo.name(), found, compared.withoutEmbedding(), reply.imageWidth(),
                reply.imageHeight(), note);
    }
}
