package dev.visage.worker.messaging;

import dev.visage.common.messaging.WorkerHeartbeat;
import dev.visage.worker.engine.runtime.ExecutionProviderChoice;
import dev.visage.worker.service.EmbeddingService;
import dev.visage.worker.service.FaceEngineLoader;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.vertx.mutiny.core.Vertx;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.time.Duration;

/**
 * Publishes this worker's heartbeat: the status service counts live workers and reports their models and
 * execution providers from these, without calling each worker, and face-api tells from a few missed beats (about
 * a second at the default 250 ms) that a worker is gone, long before Kafka's group session would.
 */
@ApplicationScoped
public class HeartbeatPublisher {

    private static final Logger LOG = Logger.getLogger(HeartbeatPublisher.class);

    private final MutinyEmitter<WorkerHeartbeat> emitter;
    private final FaceEngineLoader loader;
    private final EmbeddingService service;
    private final Duration interval;

    public HeartbeatPublisher(@Channel("worker-heartbeats") MutinyEmitter<WorkerHeartbeat> emitter,
                              FaceEngineLoader loader, EmbeddingService service,
                              @ConfigProperty(name = "visage.worker.heartbeat-interval", defaultValue = "250ms")
                              Duration interval) {
        this.emitter = emitter;
        this.loader = loader;
        this.service = service;
        this.interval = interval;
    }

    void start(@Observes StartupEvent event, Vertx vertx) {
        vertx.setPeriodic(0, interval.toMillis(), id -> publish());
    }

    private void publish() {
        WorkerHeartbeat heartbeat = loader.engine().map(engine -> {
            ExecutionProviderChoice provider = engine.executionProvider();
            return new WorkerHeartbeat(service.workerId(), true, engine.modelName(), provider.chosen().name(),
                    provider.requested().name(), provider.reason(), null, service.batchesProcessed(),
                    System.currentTimeMillis(), interval.toMillis());
        }).orElseGet(() -> new WorkerHeartbeat(service.workerId(), false, null, null, null, null,
                loader.loadFailure().orElse("unknown"), service.batchesProcessed(), System.currentTimeMillis(),
                interval.toMillis()));
        emitter.sendMessageAndForget(Message.of(heartbeat)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(service.workerId()).build()));
        LOG.tracef("heartbeat sent: ready=%s", heartbeat.ready());
    }
}
