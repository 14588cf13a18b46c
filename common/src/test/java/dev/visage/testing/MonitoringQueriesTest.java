package dev.visage.testing;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every metric the dashboard and alert rules query belongs to a module whose tests check it is exported. */
class MonitoringQueriesTest {

    /** face-api, embedding-worker and status-service; each module's metrics test checks its own prefixes. */
    static final List<List<String>> OWNERS = List.of(
            List.of("visage_api_", "visage_gallery_", "visage_cache_", "visage_audit_",
                    "http_server_requests_seconds_"),
            List.of("visage_worker_"),
            List.of("visage_dependency_", "visage_status_"));

    @Test
    void everyQueriedMetricHasAnOwningModule() {
        Set<String> referenced = MonitoringQueries.referencedMetrics();
        Set<String> orphans = new TreeSet<>(referenced);
        OWNERS.forEach(prefixes -> orphans.removeAll(MonitoringQueries.ownedBy(prefixes)));

        assertFalse(referenced.isEmpty(), "the monitoring material queries metrics");
        assertTrue(orphans.isEmpty(), "queried but owned by no module: " + orphans);
    }
}
