package dev.visage.api.worker;

import dev.visage.common.error.ErrorType;
import dev.visage.common.error.VisageException;

import static dev.visage.api.worker.EmbeddingWorkerClient.KAFKA_SERVICE;
import static dev.visage.api.worker.EmbeddingWorkerClient.WORKER_SERVICE;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * Decides whether a photo may be sent to the workers now. Two answers come at once instead of after the worker
 * timeout: no worker is in the group (503, retry once one has joined), or this instance already has
 * {@code visage.api.worker.max-in-flight} photos waiting (503, retry in a moment). Both carry {@code Retry-After}.
 * When the last worker is gone (out of the group, or silent for a few heartbeats), the photos still waiting for it
 * are answered the same way at once: the worker that took them is gone, and waiting out the timeout would tell the
 * caller nothing more.
 */
@ApplicationScoped
public class WorkerAdmission {

    private static final Duration RETRY_WHEN_BUSY = Duration.ofSeconds(1);
    private static final Duration RETRY_WHEN_NO_WORKER = Duration.ofSeconds(5);

    private final WorkerGroupWatch workers;
    private final WorkerClientConfig config;
    private final Semaphore inFlight;
    private final Counter refusedBusy;
    private final Counter refusedNoWorker;

    public WorkerAdmission(WorkerGroupWatch workers, EmbeddingWorkerClient client, WorkerClientConfig config,
                           MeterRegistry registry) {
        this.workers = workers;
        workers.whenEmptied(() -> client.failPending(noWorker()));
        this.config = config;
        this.inFlight = new Semaphore(config.maxInFlight());
        Gauge.builder("visage.api.photos.in.flight", this, WorkerAdmission::photosInFlight)
                .description("Photos this instance is waiting on the workers for").register(registry);
        this.refusedBusy = registry.counter("visage.api.photos.refused", "reason", "busy");
        this.refusedNoWorker = registry.counter("visage.api.photos.refused", "reason", "no_worker");
    }

    public int photosInFlight() {
        return config.maxInFlight() - inFlight.availablePermits();
    }

    /**
     * Runs {@code send} if the photo is admitted, holding its place until the answer (or the failure) comes; each
     * subscription is admitted on its own.
     */
    public <T> Uni<T> admit(Supplier<Uni<T>> send) {
        return Uni.createFrom().deferred(() -> {
            if (workers.noWorkerAlive()) {
                refusedNoWorker.increment();
                return Uni.createFrom().failure(noWorker());
            }
            if (!inFlight.tryAcquire()) {
                refusedBusy.increment();
                return Uni.createFrom().failure(busy());
            }
            return send.get().onTermination().invoke(inFlight::release);
        });
    }

    /**
     * Silent workers and a group Kafka cannot describe point at Kafka rather than at the workers, so the refusal
     * names Kafka then.
     */
    private VisageException noWorker() {
        WorkerGroupWatch.Observation group = workers.last();
        if (!group.known()) {
            return VisageException.builder(ErrorType.SERVICE_UNAVAILABLE,
                            KAFKA_SERVICE + " service is not available: no embedding worker's heartbeat arrives and "
                                    + "the worker group cannot be looked up")
                    .service(KAFKA_SERVICE)
                    .details(group.unknownBecause())
                    .suggestion("Check that the Kafka brokers are running and reachable from face-api and the "
                            + "workers; retry in a few seconds.")
                    .retryAfter(RETRY_WHEN_NO_WORKER).build();
        }
        return VisageException.builder(ErrorType.SERVICE_UNAVAILABLE,
                        WORKER_SERVICE + " service is not available: no embedding worker is running")
                .service(WORKER_SERVICE)
                .details(workers.whyNoWorker())
                .suggestion("Start an embedding worker (deploy/local/up.sh starts one); retry once it has joined.")
                .retryAfter(RETRY_WHEN_NO_WORKER).build();
    }

    private VisageException busy() {
        return VisageException.builder(ErrorType.SERVICE_UNAVAILABLE,
                        WORKER_SERVICE + " service is busy: " + config.maxInFlight() + " photos are waiting already")
                .service(WORKER_SERVICE)
                .details(config.maxInFlight() + " photos in flight on this instance (visage.api.worker.max-in-flight)")
                .suggestion("Retry in a moment; if this persists, add embedding workers or face-api instances.")
                .retryAfter(RETRY_WHEN_BUSY).build();
    }
}
