package dev.visage.status.testing;

import dev.visage.common.error.ErrorType;
import dev.visage.status.model.OverallStatus;
import dev.visage.status.model.ServiceStatus;
import dev.visage.status.model.StatusReport;
import dev.visage.status.model.StatusSnapshot;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Both documents as status-service builds them, with the embedding workers and Redis up or down at will: for
 * the tests of what the page and the fragment make of them.
 */
public final class Snapshots {

    /** When the face-verification document's oldest result was taken; the background one's is {@link #LATER}. */
    public static final Instant EARLIER = Instant.parse("2026-11-28T20:03:44.958Z");
    public static final Instant LATER = Instant.parse("2026-11-28T20:03:45.100Z");

    private Snapshots() {
    }

    public static StatusSnapshot of(ServiceStatus workers, ServiceStatus redis) {
        Map<String, ServiceStatus> faceVerification = new LinkedHashMap<>();
        faceVerification.put("vector_index", up("Vector Index (embedded)", details("vector_count", 42)));
        faceVerification.put("face_detection", up("Face Detection Service", details("ready_workers", 1)));
        faceVerification.put("embedding_workers", workers);
        Map<String, ServiceStatus> background = new LinkedHashMap<>();
        background.put("redis", redis);
        background.put("kafka", up("Kafka Message Broker", details("brokers", 1)));
        background.put("embedding_workers", workers);
        background.put("database", up("Database", details("engine", "postgresql")));
        return new StatusSnapshot(report(faceVerification, EARLIER), report(background, LATER));
    }

    public static ServiceStatus workers(boolean up) {
        return up ? up("Embedding Workers", details("active_workers", 1))
                : ServiceStatus.down("Embedding Workers", details("active_workers", 0), ErrorType.SERVICE_UNAVAILABLE,
                        "Embedding Workers service is not available: no worker has sent a heartbeat in the last 15 s",
                        "Start an embedding worker.").withCritical(true);
    }

    public static ServiceStatus redis(boolean up) {
        return up ? ServiceStatus.up("Redis Cache", details("version", "7.0.15"))
                : redisDown("Redis is not reachable at redis://127.0.0.1:6379/0",
                        "Start Redis (deploy/local/redis.sh start).");
    }

    public static ServiceStatus redisDown(String error, String suggestion) {
        return ServiceStatus.down("Redis Cache", details("url", "redis://127.0.0.1:6379/0"),
                ErrorType.SERVICE_UNAVAILABLE, error, suggestion);
    }

    public static Map<String, Object> details(Object... keysAndValues) {
        Map<String, Object> details = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            details.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return details;
    }

    private static ServiceStatus up(String name, Map<String, Object> details) {
        return ServiceStatus.up(name, details).withCritical(true);
    }

    /** A document as StatusReports builds it: unhealthy when a critical service is down, degraded otherwise. */
    private static StatusReport report(Map<String, ServiceStatus> services, Instant checkedAt) {
        OverallStatus overall = OverallStatus.HEALTHY;
        for (ServiceStatus s : services.values()) {
            if (!s.healthy()) {
                overall = s.critical() ? OverallStatus.UNHEALTHY
                        : overall == OverallStatus.HEALTHY ? OverallStatus.DEGRADED : overall;
            }
        }
        int healthy = (int) services.values().stream().filter(ServiceStatus::healthy).count();
        return new StatusReport(overall, services, healthy, services.size(), checkedAt);
    }
}
