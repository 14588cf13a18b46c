package dev.visage.api.service;

import dev.visage.api.config.ApiConfig;
import dev.visage.common.error.VisageException;
import dev.visage.common.face.Similarity;
import dev.visage.common.messaging.EmbedSelection;
import dev.visage.common.messaging.EmbeddingReply;
import dev.visage.common.messaging.FaceData;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * 1:1 verification: both photos go to the workers at once; the largest face of each is compared by cosine
 * similarity against the threshold.
 */
@ApplicationScoped
public class VerificationService {

    private final EmbeddingGateway gateway;
    private final ApiConfig config;

    public VerificationService(EmbeddingGateway gateway, ApiConfig config) {
        this.gateway = gateway;
        this.config = config;
    }

    public double defaultThreshold() {
        return config.verify().threshold();
    }

    public Uni<VerificationResult> verify(String requestId, Photo first, Photo second, Double threshold) {
        double limit = threshold == null ? defaultThreshold() : threshold;
        long start = System.nanoTime();
        return Uni.combine().all()
                .unis(gateway.analyse(requestId, first, EmbedSelection.LARGEST),
                        gateway.analyse(requestId, second, EmbedSelection.LARGEST))
                .asTuple()
                .map(replies -> {
                    FaceSummary a = summarise(first, replies.getItem1());
                    FaceSummary b = summarise(second, replies.getItem2());
                    double similarity = Similarity.cosine(a.face().embedding(), b.face().embedding());
                    Map<String, Object> timing = new LinkedHashMap<>();
                    timing.put("total", millisSince(start));
                    timing.put(first.name(), replies.getItem1().timingMs());
                    timing.put(second.name(), replies.getItem2().timingMs());
                    return new VerificationResult(similarity >= limit, round(similarity), limit,
                            replies.getItem1().model(), List.of(withoutEmbedding(a), withoutEmbedding(b)), timing);
                });
    }

    /** The one wording of "this photo has no usable face", for every endpoint that needs one. */
    static VisageException noFaceIn(String image) {
        return VisageException.faceDetection(image, "No faces detected in image",
                "Send a photo in which the face is clearly visible, frontal and at least 32 pixels wide.");
    }

    /** The face that is compared: the largest, which the worker embedded; the answer says when there were more. */
    static FaceSummary summarise(Photo photo, EmbeddingReply reply) {
        List<FaceData> faces = reply.faces();
        FaceData chosen = faces.stream().filter(f -> f.embedding() != null).findFirst()
                .orElseThrow(() -> noFaceIn(photo.name()));
        String note = faces.size() > 1
                ? faces.size() + " faces found; the largest was compared"
                : null;
        return new FaceSummary(photo.name(), faces.size(), chosen, reply.imageWidth(), reply.imageHeight(), note);
    }

    private static FaceSummary withoutEmbedding(FaceSummary s) {
        return new FaceSummary(s.image(), s.faceCount(), s.face().withoutEmbedding(), s.imageWidth(),
                s.imageHeight(), s.note());
    }

    private static double round(double v) {
        return Math.round(v * 10_000) / 10_000.0;
    }

    private static double millisSince(long start) {
        return Math.round((System.nanoTime() - start) / 10_000.0) / 100.0;
    }
}
