package dev.visage.api.worker;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only while at least one embedding worker is a member of the worker consumer group and beating, as last
 * seen by {@link WorkerGroupWatch}: without one, every photo request would be refused, so the load balancer should
 * send traffic elsewhere. The probe itself never waits on Kafka.
 */
@Readiness
@ApplicationScoped
public class EmbeddingWorkersReadinessCheck implements HealthCheck {

    private final WorkerGroupWatch workers;
    private final WorkerAdmission admission;
    private final WorkerClientConfig config;

    public EmbeddingWorkersReadinessCheck(WorkerGroupWatch workers, WorkerAdmission admission,
                                          WorkerClientConfig config) {
        this.workers = workers;
        this.admission = admission;
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        WorkerGroupWatch.Observation seen = workers.last();
        if (!seen.known()) {
            return HealthCheckResponse.named("embedding-workers").down()
                    .withData("consumer_group", config.consumerGroup())
                    .withData("error", seen.unknownBecause())
                    .build();
        }
        WorkerHeartbeats.Hearing heard = workers.heard();
        return HealthCheckResponse.named("embedding-workers").status(!workers.noWorkerAlive())
                .withData("active_workers", seen.members())
                .withData("workers_beating", heard.known() ? String.valueOf(heard.live()) : "not settled yet")
                .withData("consumer_group", config.consumerGroup())
                .withData("photos_in_flight", admission.photosInFlight())
                .withData("max_in_flight", config.maxInFlight())
                .build();
    }
}
