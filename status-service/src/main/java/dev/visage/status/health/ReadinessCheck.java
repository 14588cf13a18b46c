package dev.visage.status.health;

import dev.visage.status.service.StatusMonitor;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.eclipse.microprofile.health.Startup;

/**
 * Ready means this service can answer: its monitor runs. It deliberately does not depend on the dependencies it
 * reports on: when Redis or Kafka is down, the status pages are needed most, and must stay in the load balancer.
 */
@Readiness
@Startup
@ApplicationScoped
public class ReadinessCheck implements HealthCheck {

    private final StatusMonitor monitor;

    public ReadinessCheck(StatusMonitor monitor) {
        this.monitor = monitor;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("status-pages").status(monitor.started()).build();
    }
}
