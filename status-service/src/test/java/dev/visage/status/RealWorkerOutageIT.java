package dev.visage.status;

import dev.visage.status.testing.Eventually;
import dev.visage.status.testing.StatusStack;
import dev.visage.testing.WorkerProcess;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;

/**
 * The real embedding worker process instead of test heartbeats: status-service sees it, misses it once it is
 * killed, and sees it again when it comes back, without being restarted itself.
 */
@QuarkusTest
@WithTestResource(StatusStack.class)
class RealWorkerOutageIT {

    private static final Duration SOON = Duration.ofSeconds(60);
    private static final String WORKER_ID = "real-worker-under-test";
    /**
     * Its own consumer group keeps the shared worker group, whose offsets other tests set, untouched; what this
     * test watches are the worker's heartbeats.
     */
    private static final Map<String, String> WORKER = Map.of("VISAGE_WORKER_ID", WORKER_ID,
            "VISAGE_WORKER_HEARTBEAT_INTERVAL", "1s",
            "MP_MESSAGING_INCOMING_EMBEDDING_REQUESTS_GROUP_ID", "real-worker-outage-test");

    @Test
    void aKilledWorkerIsMissedAndItsReturnIsSeen() throws InterruptedException {
        StatusStack.heartbeats().stop();
        Process worker = WorkerProcess.start(StatusStack.bootstrapServers(), "real-worker-1.log", WORKER);
        try {
            Eventually.within(SOON, () -> given().get("/face-verification/status/").then()
                    .body("data.services.face_detection.healthy", equalTo(true))
                    .body("data.services.embedding_workers.details.workers.worker_id", hasItem(WORKER_ID)));

            worker.destroyForcibly().waitFor();

            Eventually.within(SOON, () -> given().get("/face-verification/health/").then().statusCode(503)
                    .body("data.unhealthy_services", hasItems("face_detection", "embedding_workers")));
            given().get("/background/status/").then()
                    .body("data.services.embedding_workers.healthy", equalTo(false))
                    .body("data.services.kafka.healthy", equalTo(true))
                    .body("data.services.database.healthy", equalTo(true));

            worker = WorkerProcess.start(StatusStack.bootstrapServers(), "real-worker-2.log", WORKER);

            Eventually.within(SOON, () -> {
                given().get("/face-verification/health/").then().statusCode(200);
                given().get("/background/health/").then().statusCode(200);
            });
        } finally {
            worker.destroyForcibly().waitFor();
            StatusStack.heartbeats().start(true);
            Eventually.within(SOON, () -> given().get("/face-verification/status/").then()
                    .body("data.services.embedding_workers.details.workers.worker_id", not(hasItem(WORKER_ID))));
        }
    }
}
