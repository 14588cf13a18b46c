package dev.visage.worker.health;

import dev.visage.worker.service.FaceEngineLoader;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Startup;

import jakarta.enterprise.context.ApplicationScoped;

/** Started once the models are loaded; reports the load time or why loading failed. */
@Startup
@ApplicationScoped
public class EngineStartupCheck implements HealthCheck {

    private final FaceEngineLoader loader;

    public EngineStartupCheck(FaceEngineLoader loader) {
        this.loader = loader;
    }

    @Override
    public HealthCheckResponse call() {
        return loader.engine()
                .map(engine -> HealthCheckResponse.named("models-loaded").up()
                        .withData("model", engine.modelName())
                        .withData("load_ms", loader.loadMillis())
                        .build())
                .orElseGet(() -> HealthCheckResponse.named("models-loaded").down()
                        .withData("error", loader.loadFailure().orElse("unknown"))
                        .build());
    }
}
