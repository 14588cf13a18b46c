package dev.visage.api.testing;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/**
 * The HTTP edge alone, for resource tests whose services are mocked: no broker, worker, database or Redis is
 * started or reached (they point at the closed discard port), so these tests run in seconds on any machine.
 */
public class WithoutInfrastructure implements QuarkusTestProfile {

    private static final String NOWHERE = "127.0.0.1:9";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "kafka.bootstrap.servers", NOWHERE,
                "quarkus.datasource.reactive.url", "postgresql://" + NOWHERE + "/visage",
                "quarkus.redis.hosts", "redis://" + NOWHERE,
                "visage.gallery.embedded.data-dir", "target/gallery-index-unit",
                "visage.gallery.reconcile-interval", "1h",
                // The broker is absent on purpose: its clients' reconnection warnings say nothing here.
                "quarkus.log.category.\"org.apache.kafka.clients\".level", "ERROR");
    }

    @Override
    public boolean disableGlobalTestResources() {
        return true;
    }
}
