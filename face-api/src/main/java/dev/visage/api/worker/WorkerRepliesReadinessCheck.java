package dev.visage.api.worker;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only once every reply partition is read, so no worker answer can be missed. */
@Readiness
@ApplicationScoped
public class WorkerRepliesReadinessCheck implements HealthCheck {

    private final EmbeddingWorkerClient client;

    public WorkerRepliesReadinessCheck(EmbeddingWorkerClient client) {
        this.client = client;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("embedding-replies")
                .status(client.readyForReplies())
                .withData("pending_requests", client.pendingRequests())
                .build();
    }
}
