package dev.visage.api.worker;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only while at least one embedding worker is a member of the worker consumer group: without one, every
 * photo request would end in a timeout, so the load balancer should send traffic elsewhere.
 */
@Readiness
@ApplicationScoped
public class EmbeddingWorkersReadinessCheck implements HealthCheck {

    private final EmbeddingWorkerClient client;

    public EmbeddingWorkersReadinessCheck(EmbeddingWorkerClient client) {
        this.client = client;
    }

    @Override
    public HealthCheckResponse call() {
        try {
            int workers = client.activeWorkers();
            return HealthCheckResponse.named("embedding-workers").status(workers > 0)
                    .withData("active_workers", workers)
                    .withData("consumer_group", client.consumerGroup())
                    .build();
        } catch (RuntimeException e) {
            return HealthCheckResponse.named("embedding-workers").down()
                    .withData("error", e.getClass().getSimpleName() + ": " + e.getMessage())
                    .build();
        }
    }
}
