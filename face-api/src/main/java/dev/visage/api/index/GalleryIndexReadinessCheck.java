package dev.visage.api.index;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while the gallery's vector index answers; the data says which index it is (embedded or Milvus). */
@Readiness
@ApplicationScoped
public class GalleryIndexReadinessCheck implements HealthCheck {

    private final GalleryIndex index;

    public GalleryIndexReadinessCheck(GalleryIndex index) {
        this.index = index;
    }

    @Override
    public HealthCheckResponse call() {
        IndexStatus status = index.status();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("gallery-index").status(status.healthy())
                .withData("kind", status.kind());
        status.details().forEach((key, value) -> response.withData(key, String.valueOf(value)));
        return response.build();
    }
}
