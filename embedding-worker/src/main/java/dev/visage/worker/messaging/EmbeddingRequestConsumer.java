package dev.visage.worker.messaging;

import dev.visage.common.error.VisageException;
import dev.visage.common.messaging.EmbeddingReply;
import dev.visage.common.messaging.EmbeddingRequest;
import dev.visage.common.messaging.MalformedRecordException;
import dev.visage.common.messaging.ReplyCodec;
import dev.visage.common.messaging.RequestCodec;
import dev.visage.common.messaging.WireRecord;
import dev.visage.common.messaging.WorkerError;
import dev.visage.worker.service.EmbeddingService;
import io.smallrye.common.annotation.RunOnVirtualThread;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Outgoing;
import org.jboss.logging.Logger;

import java.util.concurrent.ExecutionException;

/**
 * Consumes embedding requests and answers each on the reply topic, keyed by its request id; both records are laid
 * out by the codecs in {@code common}, so that face-api and the workers read what the other writes. The incoming
 * offset is committed once the reply has been written.
 * <p>
 * Each request waits for the micro-batch it joins, most of a batch window and a model run. That wait is on a
 * virtual thread: requests have to be taken in concurrently for a batch to form at all, and parking a platform
 * thread per waiting request would size a thread pool by the number of photos in flight. The concurrency is
 * bounded by {@code smallrye.messaging.worker.<virtual-thread>.max-concurrency}.
 */
@ApplicationScoped
public class EmbeddingRequestConsumer {

    private static final Logger LOG = Logger.getLogger(EmbeddingRequestConsumer.class);

    private final EmbeddingService service;

    public EmbeddingRequestConsumer(EmbeddingService service) {
        this.service = service;
    }

    /**
     * The reply to one request record, or {@code null} for a record that names no request to answer: Reactive
     * Messaging then acknowledges it and writes nothing, so one stray record neither stops the worker nor goes
     * unlogged.
     */
    @Incoming("embedding-requests")
    @Outgoing("embedding-replies")
    @RunOnVirtualThread
    public Message<byte[]> answer(Message<byte[]> message) {
        IncomingKafkaRecordMetadata<?, ?> record = message.getMetadata(IncomingKafkaRecordMetadata.class)
                .orElseThrow(() -> new IllegalStateException("a request that did not come from Kafka"));
        Object key = record.getKey();
        EmbeddingReply reply;
        try {
            reply = reply(RequestCodec.decode(key == null ? null : key.toString(), record.getHeaders(),
                    message.getPayload()));
        } catch (MalformedRecordException e) {
            if (e.requestId().isEmpty()) {
                LOG.warnf("skipped a request record at %s-%d@%d: %s", record.getTopic(), record.getPartition(),
                        record.getOffset(), e.getMessage());
                return null;
            }
            LOG.warnf("request %s: unreadable request record at %s-%d@%d: %s", e.requestId().get(),
                    record.getTopic(), record.getPartition(), record.getOffset(), e.getMessage());
            reply = EmbeddingReply.failure(e.requestId().get(), service.workerId(),
                    WorkerError.from(VisageException.unexpected("reading the request record", e)));
        }
        WireRecord wire = ReplyCodec.encode(reply);
        return message.withPayload(wire.value()).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(wire.key()).withHeaders(wire.headers()).build());
    }

    private EmbeddingReply reply(EmbeddingRequest request) {
        EmbeddingReply reply;
        try {
            reply = service.submit(request).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reply = failure(request, e);
        } catch (ExecutionException e) {
            LOG.errorf(e.getCause(), "request %s (photo %s) failed", request.requestId(), request.imageSha256());
            reply = failure(request, e.getCause());
        }
        if (reply.failed()) {
            LOG.infof("request %s (photo %s): %s", request.requestId(), request.imageSha256(),
                    reply.error().errorType().wireName());
        }
        return reply;
    }

    private EmbeddingReply failure(EmbeddingRequest request, Throwable cause) {
        return EmbeddingReply.failure(request.requestId(), service.workerId(),
                WorkerError.from(VisageException.unexpected("face embedding", cause)));
    }
}
