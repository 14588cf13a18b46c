package dev.visage.worker.health;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Alive means only that this process can answer: a missing model or a broker outage must make the worker
 * unready, never get it restarted in a loop.
 */
@Liveness
@ApplicationScoped
public class ProcessLivenessCheck implements HealthCheck {

    @Override
    public HealthCheckResponse call() {
        Runtime runtime = Runtime.getRuntime();
        return HealthCheckResponse.named("process").up()
                .withData("heap_used_mb", (runtime.totalMemory() - runtime.freeMemory()) / (1024 * 1024))
                .withData("heap_max_mb", runtime.maxMemory() / (1024 * 1024))
                .build();
    }
}
