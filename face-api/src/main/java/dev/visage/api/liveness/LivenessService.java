package dev.visage.api.liveness;

import dev.visage.api.photo.Photo;
import dev.visage.api.worker.EmbeddingGateway;
import dev.visage.api.worker.FaceChoice;
import dev.visage.common.messaging.EmbedSelection;
import dev.visage.common.messaging.FaceData;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Set;

/** Is the person in the photo in front of the camera? The largest face's passive liveness, judged. */
@ApplicationScoped
public class LivenessService {

    private final EmbeddingGateway gateway;
    private final LivenessGate gate;

    public LivenessService(EmbeddingGateway gateway, LivenessGate gate) {
        this.gateway = gateway;
        this.gate = gate;
    }

    public Uni<LivenessResult> check(String requestId, Photo photo) {
        return gateway.analyse(requestId, photo, EmbedSelection.LARGEST, true, Set.of()).map(reply -> {
            FaceData face = gate.judge(photo.name(), FaceChoice.largest(photo.name(), reply), false)
                    .withoutEmbedding();
            return new LivenessResult(photo.name(), face.liveness().live(), face.liveness().score(),
                    gate.threshold(), face.liveness().model(), reply.faces().size(), face);
        });
    }
}
