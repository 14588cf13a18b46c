package dev.visage.status.page;

import dev.visage.status.model.OverallStatus;
import dev.visage.status.model.ServiceStatus;
import dev.visage.status.model.StatusReport;
import dev.visage.status.model.StatusSnapshot;
import dev.visage.status.testing.Snapshots;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.visage.status.testing.Snapshots.EARLIER;
import static dev.visage.status.testing.Snapshots.LATER;
import static dev.visage.status.testing.Snapshots.details;
import static dev.visage.status.testing.Snapshots.redis;
import static dev.visage.status.testing.Snapshots.workers;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The summary rules the fragment and the web component both show: one verdict, counted once, one banner. */
class StatusViewTest {

    @Test
    void everythingUpIsGreenWithTheServicesCountedOnce() {
        StatusView view = StatusView.of(Snapshots.of(workers(true), redis(true)));

        PageSummary summary = view.summary();
        assertEquals(OverallStatus.HEALTHY, summary.overallStatus());
        assertEquals("ok", summary.state());
        assertEquals("Healthy", summary.label());
        // The embedding workers are in both documents: 3 + 4 entries, 6 services.
        assertEquals(6, summary.healthyCount());
        assertEquals(6, summary.totalCount());
        assertNull(summary.banner());
        assertEquals(EARLIER, summary.checkedAt());
        assertEquals(List.of("face_verification", "background"), view.groups().stream().map(GroupView::key).toList());
        assertEquals(List.of("Face verification", "Background services"),
                view.groups().stream().map(GroupView::title).toList());
        assertEquals(List.of("vector_index", "face_detection", "embedding_workers"),
                view.groups().get(0).services().stream().map(ServiceView::key).toList());
        assertEquals(List.of("ok"),
                view.groups().get(1).services().stream().map(ServiceView::state).distinct().toList());
    }

    @Test
    void aNonCriticalServiceDownIsAmberAndOnlyDegrades() {
        StatusView view = StatusView.of(Snapshots.of(workers(true), redis(false)));

        PageSummary summary = view.summary();
        assertEquals(OverallStatus.DEGRADED, summary.overallStatus());
        assertEquals("warn", summary.state());
        assertEquals("Degraded", summary.label());
        assertEquals(5, summary.healthyCount());
        assertEquals(6, summary.totalCount());
        assertEquals("warn", summary.banner().level());
        assertEquals("Some services are not fully operational; answers stay correct.", summary.banner().title());
        ServiceView redis = summary.banner().services().get(0);
        assertEquals(List.of("redis"), summary.banner().services().stream().map(ServiceView::key).toList());
        assertEquals("Redis Cache", redis.name());
        assertEquals("warn", redis.state());
        assertEquals("Redis is not reachable at redis://127.0.0.1:6379/0", redis.error());
        assertEquals("Start Redis (deploy/local/redis.sh start).", redis.suggestion());

        GroupView faceVerification = view.groups().get(0);
        assertEquals("ok", faceVerification.summary().state());
        assertEquals(3, faceVerification.summary().healthyCount());
        GroupView background = view.groups().get(1);
        assertEquals("warn", background.summary().state());
        assertEquals(3, background.summary().healthyCount());
        assertEquals(4, background.summary().totalCount());
    }

    @Test
    void aCriticalServiceDownIsRedAndCountedOnceAlthoughBothDocumentsShowIt() {
        StatusView view = StatusView.of(Snapshots.of(workers(false), redis(false)));

        PageSummary summary = view.summary();
        assertEquals(OverallStatus.UNHEALTHY, summary.overallStatus());
        assertEquals("down", summary.state());
        assertEquals("Unhealthy", summary.label());
        assertEquals(4, summary.healthyCount());
        assertEquals(6, summary.totalCount());
        assertEquals("down", summary.banner().level());
        assertEquals("Face verification is not fully available.", summary.banner().title());
        assertEquals(List.of("embedding_workers", "redis"),
                summary.banner().services().stream().map(ServiceView::key).toList());
        assertEquals("down", view.groups().get(0).services().get(2).state());
    }

    @Test
    void oneDocumentIsSummarisedOnItsOwn() {
        StatusSnapshot snapshot = Snapshots.of(workers(true), redis(false));

        StatusView background = StatusView.of(snapshot, "background");
        assertEquals(List.of("background"), background.groups().stream().map(GroupView::key).toList());
        assertEquals(background.groups().get(0).summary(), background.summary());
        assertEquals(OverallStatus.DEGRADED, background.summary().overallStatus());
        assertEquals(3, background.summary().healthyCount());
        assertEquals(4, background.summary().totalCount());
        assertEquals(LATER, background.summary().checkedAt());

        for (String report : new String[] {"face-verification", "face_verification"}) {
            StatusView faceVerification = StatusView.of(snapshot, report);
            assertEquals(List.of("face_verification"),
                    faceVerification.groups().stream().map(GroupView::key).toList());
            assertEquals(OverallStatus.HEALTHY, faceVerification.summary().overallStatus());
            assertNull(faceVerification.summary().banner());
        }
        assertEquals(2, StatusView.of(snapshot, "anything else").groups().size());
    }

    @Test
    void eachServiceShowsItsMainFactsInOneLine() {
        assertEquals("v7.0.15 · 977.19K used · 1 clients", ServiceFacts.of("redis",
                details("version", "7.0.15", "used_memory", "977.19K", "connected_clients", 1)));
        assertEquals("1 broker(s) · controller 0",
                ServiceFacts.of("kafka", details("brokers", 1, "controller_id", 0)));
        assertEquals("postgresql · visage · on 127.0.0.1",
                ServiceFacts.of("database", details("engine", "postgresql", "name", "visage", "host", "127.0.0.1")));
        assertEquals("1 active · lag 0 · group not formed yet", ServiceFacts.of("embedding_workers",
                details("active_workers", 1, "lag", 0, "group_state", "NOT_FOUND")));
        assertEquals("2 active · group STABLE",
                ServiceFacts.of("embedding_workers", details("active_workers", 2, "group_state", "STABLE")));
        assertEquals("2 active · group STABLE · 3 photos in flight", ServiceFacts.of("embedding_workers",
                details("active_workers", 2, "group_state", "STABLE", "face_api", Map.of("photos_in_flight", 3))));
        assertEquals("yunet, arcface · on CPU", ServiceFacts.of("face_detection",
                details("models", List.of("yunet", "arcface"), "execution_providers", List.of("CPU"))));
        assertEquals("", ServiceFacts.of("face_detection",
                details("models", List.of(), "execution_providers", List.of())));
        assertEquals("42 vectors", ServiceFacts.of("vector_index", details("kind", "embedded", "vector_count", 42)));
        assertEquals("42 vectors · bulk enrolment: 120 of 200 photos (1 job)", ServiceFacts.of("vector_index",
                details("vector_count", 42, "enrolment_jobs", Map.of("jobs", 1, "photos_finished", 120,
                        "photos", 200))));
        assertEquals("1234 vectors · collection visage_faces",
                ServiceFacts.of("milvus", details("rowCount", 1234, "collection", "visage_faces")));
        assertEquals("", ServiceFacts.of("redis", null));
    }

    @Test
    void aServiceDownWithoutAMessageSaysUnhealthy() {
        ServiceStatus silent = new ServiceStatus("Database", false, true, Map.of(), null, null, null);
        ServiceView view = ServiceView.of("database", silent);
        assertEquals("down", view.state());
        assertEquals("unhealthy", view.error());
        assertNull(view.suggestion());
    }

    @Test
    void protectionsFaceApiRunsWithoutAreNoticedWhateverTheHealth() {
        Map<String, Object> index = details("vector_count", 42, "face_api_protection", Map.of(
                "authentication", "OFF: anyone who can reach face-api can use and erase everything",
                "templates", "encrypted (key k1)"));
        StatusReport report = new StatusReport(OverallStatus.HEALTHY,
                Map.of("vector_index", ServiceStatus.up("Vector Index (embedded)", index)), 1, 1, EARLIER);

        PageSummary summary = PageSummary.of(List.of(report));
        assertEquals(List.of("face-api authentication: OFF: anyone who can reach face-api can use and erase "
                + "everything"), summary.notices());
        assertNull(summary.banner());
        assertNull(PageSummary.of(List.of(new StatusReport(OverallStatus.HEALTHY, Map.of("vector_index",
                ServiceStatus.up("Vector Index (embedded)", details("face_api_protection",
                        Map.of("authentication", "required")))), 1, 1, EARLIER))).notices());
    }
}
