package dev.visage.api.service;

import dev.visage.api.messaging.EmbeddingWorkerClient;
import dev.visage.common.messaging.EmbedSelection;
import dev.visage.common.messaging.EmbeddingReply;
import dev.visage.common.messaging.EmbeddingRequest;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Asks the workers about one photo and turns a worker's typed failure back into the exception it stands for. */
@ApplicationScoped
public class EmbeddingGateway {

    private final EmbeddingWorkerClient client;

    public EmbeddingGateway(EmbeddingWorkerClient client) {
        this.client = client;
    }

    public Uni<EmbeddingReply> analyse(String requestId, Photo photo, EmbedSelection embed) {
        EmbeddingRequest request = new EmbeddingRequest(requestId + ":" + photo.name(), photo.name(), photo.bytes(),
                embed);
        return client.request(request).map(reply -> {
            if (reply.failed()) {
                throw reply.error().toException();
            }
            return reply;
        });
    }
}
