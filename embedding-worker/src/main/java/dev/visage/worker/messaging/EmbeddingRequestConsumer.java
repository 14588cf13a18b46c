package dev.visage.worker.messaging;

import dev.visage.common.error.VisageException;
import dev.visage.common.messaging.EmbeddingReply;
import dev.visage.common.messaging.EmbeddingRequest;
import dev.visage.common.messaging.WorkerError;
import dev.visage.worker.service.EmbeddingService;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Outgoing;
import org.jboss.logging.Logger;

import java.util.concurrent.ExecutionException;

/**
 * Consumes embedding requests and answers each on the reply topic, keyed by its request id. Messages are
 * handled concurrently (unordered, on the {@code embedding} worker pool) so that requests arriving together
 * can meet in one micro-batch; the incoming offset is committed once the reply has been written.
 */
@ApplicationScoped
public class EmbeddingRequestConsumer {

    private static final Logger LOG = Logger.getLogger(EmbeddingRequestConsumer.class);

    private final EmbeddingService service;

    public EmbeddingRequestConsumer(EmbeddingService service) {
        this.service = service;
    }

    @Incoming("embedding-requests")
    @Outgoing("embedding-replies")
    @Blocking(value = "embedding", ordered = false)
    public Message<EmbeddingReply> answer(Message<EmbeddingRequest> message) {
        EmbeddingRequest request = message.getPayload();
        EmbeddingReply reply = reply(request);
        if (reply.failed()) {
            LOG.infof("request %s: %s", request.requestId(), reply.error().errorType().wireName());
        }
        return message.withPayload(reply)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(request.requestId()).build());
    }

    private EmbeddingReply reply(EmbeddingRequest request) {
        try {
            return service.submit(request).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failure(request, e);
        } catch (ExecutionException e) {
            LOG.errorf(e.getCause(), "request %s failed", request.requestId());
            return failure(request, e.getCause());
        }
    }

    private EmbeddingReply failure(EmbeddingRequest request, Throwable cause) {
        return EmbeddingReply.failure(request.requestId(), service.workerId(),
                WorkerError.from(VisageException.unexpected("face embedding", cause)));
    }
}
