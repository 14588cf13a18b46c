package dev.visage.worker.health;

import dev.visage.worker.engine.runtime.ExecutionProviderChoice;
import dev.visage.worker.service.EmbeddingService;
import dev.visage.worker.service.FaceEngineLoader;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready to embed: the models are loaded. The data says which execution provider runs them and, when it is not
 * the one asked for, why.
 */
@Readiness
@ApplicationScoped
public class FaceEngineReadinessCheck implements HealthCheck {

    private final FaceEngineLoader loader;
    private final EmbeddingService service;

    public FaceEngineReadinessCheck(FaceEngineLoader loader, EmbeddingService service) {
        this.loader = loader;
        this.service = service;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("face-engine")
                .withData("worker_id", service.workerId());
        return loader.engine().map(engine -> {
            ExecutionProviderChoice provider = engine.executionProvider();
            response.up()
                    .withData("model", engine.modelName())
                    .withData("execution_provider", provider.chosen().name())
                    .withData("execution_provider_requested", provider.requested().name());
            if (provider.reason() != null) {
                response.withData("execution_provider_reason", provider.reason());
            }
            return response.build();
        }).orElseGet(() -> response.down().withData("error", loader.loadFailure().orElse("unknown")).build());
    }
}
