package dev.visage.api.detect;

import dev.visage.api.photo.Photo;
import dev.visage.api.worker.EmbeddingGateway;
import dev.visage.common.api.Elapsed;
import dev.visage.common.messaging.EmbedSelection;
import dev.visage.common.messaging.FaceAttributes;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Finds every face in one photo; a photo without faces is an answer (zero faces), not an error. */
@ApplicationScoped
public class DetectionService {

    private final EmbeddingGateway gateway;

    public DetectionService(EmbeddingGateway gateway) {
        this.gateway = gateway;
    }

    public Uni<DetectionResult> detect(String requestId, Photo photo, Set<FaceAttributes.Kind> attributes) {
        long start = System.nanoTime();
        return gateway.analyse(requestId, photo, EmbedSelection.NONE, false, attributes).map(reply -> {
            Map<String, Object> timing = new LinkedHashMap<>(reply.timingMs());
            timing.put("total", Elapsed.millisSince(start));
            return new DetectionResult(photo.name(), reply.faces().size(), reply.faces(), reply.imageWidth(),
                    reply.imageHeight(), reply.model(), timing);
        });
    }
}
