package dev.visage.worker.messaging;

import dev.visage.common.messaging.EmbeddingRequest;
import io.quarkus.kafka.client.serialization.ObjectMapperDeserializer;

public class EmbeddingRequestDeserializer extends ObjectMapperDeserializer<EmbeddingRequest> {
    public EmbeddingRequestDeserializer() {
        super(EmbeddingRequest.class);
    }
}
