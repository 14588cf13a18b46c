package dev.visage.status;

import dev.visage.status.testing.Eventually;
import dev.visage.status.testing.FaceApiStub;
import dev.visage.testing.LocalInfra;
import dev.visage.testing.LocalInfra.Service;
import dev.visage.status.testing.LogCapture;
import dev.visage.status.testing.StatusStack;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.jboss.logmanager.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One dependency goes down at a time: the real Redis and PostgreSQL processes are stopped with deploy/local's
 * scripts, the worker's heartbeats stop, face-api stops answering. The right service turns unhealthy, the others
 * stay healthy, the health endpoints answer the right code, and everything recovers once the dependency is back,
 * without restarting status-service. Windows are short in tests: cache 300 ms, worker staleness 3 s.
 */
@QuarkusTest
@WithTestResource(StatusStack.class)
class DependencyOutageIT {

    private static final Duration SOON = Duration.ofSeconds(15);

    @BeforeEach
    void everythingUp() {
        awaitAllHealthy();
    }

    @AfterEach
    void everythingBack() {
        // Other modules' tests need PostgreSQL and Redis: they are running again whatever happened here.
        LocalInfra.ensureRunning();
        StatusStack.heartbeats().start(true);
        StatusStack.faceApi().start();
        StatusStack.faceApi().mode(FaceApiStub.Mode.EMBEDDED_UP);
        StatusStack.faceApi().workersSeen(null);
    }

    @Test
    void redisDownOnlyDegradesTheBackgroundAndIsLoggedOncePerTransition() {
        try (LogCapture log = new LogCapture("dev.visage.status.transitions")) {
            LocalInfra.stop(Service.REDIS);

            Eventually.within(SOON, () -> given().get("/background/status/").then()
                    .statusCode(200)
                    .body("data.overall_status", equalTo("degraded"))
                    .body("data.healthy_count", equalTo(3))
                    .body("data.services.redis.status", equalTo("error"))
                    .body("data.services.redis.healthy", equalTo(false))
                    .body("data.services.redis.critical", equalTo(false))
                    .body("data.services.redis.error_type", equalTo("service_unavailable"))
                    .body("data.services.redis.error", containsString("Redis is not reachable at redis://127.0.0.1:6379/0"))
                    .body("data.services.redis.suggestion", containsString("deploy/local/redis.sh start"))
                    .body("data.services.redis.details.url", equalTo("redis://127.0.0.1:6379/0"))
                    .body("data.services.kafka.healthy", equalTo(true))
                    .body("data.services.database.healthy", equalTo(true))
                    .body("data.services.embedding_workers.healthy", equalTo(true)));
            // Degraded is still usable: answers stay correct, only uncached.
            given().get("/background/health/").then().statusCode(200)
                    .body("data.overall_status", equalTo("degraded"))
                    .body("data.unhealthy_services", contains("redis"));
            given().get("/face-verification/health/").then().statusCode(200)
                    .body("data.overall_status", equalTo("healthy"));

            int linesWhileDown = log.containing("background status").size();
            for (int i = 0; i < 10; i++) {
                given().get("/background/status/").then().statusCode(200);
            }
            sleep(700); // more than a cache TTL and a monitor round
            assertEquals(linesWhileDown, log.containing("background status").size(),
                    "polling an unchanged state must not log again: " + log.lines());

            LocalInfra.start(Service.REDIS);

            Eventually.within(SOON, () -> given().get("/background/status/").then()
                    .body("data.overall_status", equalTo("healthy"))
                    .body("data.services.redis.healthy", equalTo(true))
                    .body("data.services.redis.details.version", notNullValue()));
            List<LogCapture.Line> lines = log.containing("background status");
            assertEquals(1, lines.stream().filter(l -> l.level() == Level.WARN
                    && l.message().contains("healthy -> degraded") && l.message().contains("redis (non-critical)"))
                    .count(), "one WARN line when Redis went down: " + lines);
            assertEquals(1, lines.stream().filter(l -> l.level() == Level.INFO
                    && l.message().contains("degraded -> healthy")).count(), "one INFO line when it came back: " + lines);
        }
    }

    @Test
    void postgresDownMakesTheBackgroundUnhealthyUntilItIsBack() {
        try (LogCapture log = new LogCapture("dev.visage.status.transitions")) {
            LocalInfra.stop(Service.POSTGRES);

            Eventually.within(SOON, () -> given().get("/background/status/").then()
                    .statusCode(200)
                    .body("data.overall_status", equalTo("unhealthy"))
                    .body("data.services.database.status", equalTo("error"))
                    .body("data.services.database.healthy", equalTo(false))
                    .body("data.services.database.error_type", equalTo("database_error"))
                    .body("data.services.database.error", containsString("Database operation 'SELECT 1' failed"))
                    .body("data.services.database.suggestion", containsString("deploy/local/postgres.sh start"))
                    .body("data.services.database.details.engine", equalTo("postgresql"))
                    .body("data.services.redis.healthy", equalTo(true))
                    .body("data.services.kafka.healthy", equalTo(true))
                    .body("data.services.embedding_workers.healthy", equalTo(true)));
            given().get("/background/health/").then().statusCode(503)
                    .body("data.overall_status", equalTo("unhealthy"))
                    .body("data.unhealthy_services", contains("database"));
            // The database is not part of the face-verification document.
            given().get("/face-verification/health/").then().statusCode(200);
            assertTrue(log.lines().stream().anyMatch(l -> l.level() == Level.ERROR
                    && l.message().contains("background status healthy -> unhealthy")), log.lines().toString());

            LocalInfra.start(Service.POSTGRES);

            Eventually.within(Duration.ofSeconds(30), () -> given().get("/background/health/").then().statusCode(200)
                    .body("data.overall_status", equalTo("healthy")));
        }
    }

    @Test
    void workersGoneMakeFaceDetectionAndTheWorkersUnhealthyAfterTheStalenessWindow() {
        StatusStack.heartbeats().stop();

        Eventually.within(SOON, () -> given().get("/face-verification/status/").then()
                .statusCode(200)
                .body("data.overall_status", equalTo("unhealthy"))
                .body("data.healthy_count", equalTo(1))
                .body("data.services.vector_index.healthy", equalTo(true))
                .body("data.services.face_detection.healthy", equalTo(false))
                .body("data.services.face_detection.error", containsString("no live embedding worker"))
                .body("data.services.face_detection.suggestion", containsString("Start an embedding worker"))
                .body("data.services.embedding_workers.healthy", equalTo(false))
                .body("data.services.embedding_workers.error_type", equalTo("service_unavailable"))
                .body("data.services.embedding_workers.error",
                        containsString("no worker has sent a heartbeat in the last 3 s"))
                .body("data.services.embedding_workers.details.active_workers", equalTo(0))
                .body("data.services.embedding_workers.details.stale_workers[0].worker_id",
                        equalTo("status-test-worker-1")));
        given().get("/face-verification/health/").then().statusCode(503)
                .body("data.unhealthy_services", hasItems("face_detection", "embedding_workers"));
        given().get("/background/status/").then()
                .body("data.overall_status", equalTo("unhealthy"))
                .body("data.services.embedding_workers.healthy", equalTo(false))
                .body("data.services.kafka.healthy", equalTo(true))
                .body("data.services.redis.healthy", equalTo(true))
                .body("data.services.database.healthy", equalTo(true));
        given().get("/background/health/").then().statusCode(503);

        StatusStack.heartbeats().start(true);

        Eventually.within(SOON, () -> {
            given().get("/face-verification/health/").then().statusCode(200);
            given().get("/background/health/").then().statusCode(200);
        });
    }

    @Test
    void workersWithoutTheirModelsAreAliveButFaceDetectionIsDown() {
        StatusStack.heartbeats().start(false);

        Eventually.within(SOON, () -> given().get("/face-verification/status/").then()
                .body("data.overall_status", equalTo("unhealthy"))
                .body("data.services.embedding_workers.healthy", equalTo(true))
                .body("data.services.embedding_workers.details.active_workers", equalTo(1))
                .body("data.services.embedding_workers.details.ready_workers", equalTo(0))
                .body("data.services.face_detection.healthy", equalTo(false))
                .body("data.services.face_detection.error_type", equalTo("import_error"))
                .body("data.services.face_detection.error", containsString("model file missing"))
                .body("data.services.face_detection.suggestion", containsString("models/install.sh")));
    }

    @Test
    void whenFaceApiSeesNoWorkerTheWorkersAreDownWhateverTheHeartbeatsSay() {
        StatusStack.faceApi().workersSeen(0);

        Eventually.within(SOON, () -> given().get("/face-verification/health/").then().statusCode(503)
                .body("data.unhealthy_services", hasItems("embedding_workers")));
        given().get("/face-verification/status/").then()
                .body("data.services.embedding_workers.healthy", equalTo(false))
                .body("data.services.embedding_workers.error_type", equalTo("service_unavailable"))
                .body("data.services.embedding_workers.error", containsString("face-api sees no live worker (consumer group visage-embedding-workers: 0 members, 0 beating)"))
                .body("data.services.embedding_workers.details.active_workers", equalTo(1))
                .body("data.services.embedding_workers.details.face_api.active_workers", equalTo(0));

        StatusStack.faceApi().workersSeen(1);
        Eventually.within(SOON, () -> given().get("/face-verification/status/").then()
                .body("data.services.embedding_workers.healthy", equalTo(true))
                .body("data.services.embedding_workers.details.face_api.photos_in_flight", equalTo(3)));
    }

    @Test
    void faceApiGoneMakesTheVectorIndexUnhealthyAndOnlyThat() {
        StatusStack.faceApi().stop();

        Eventually.within(SOON, () -> given().get("/face-verification/status/").then()
                .body("data.overall_status", equalTo("unhealthy"))
                .body("data.services.vector_index.healthy", equalTo(false))
                .body("data.services.vector_index.error", containsString("face-api did not report the vector index"))
                .body("data.services.vector_index.suggestion", containsString("VISAGE_FACE_API_URL"))
                .body("data.services.face_detection.healthy", equalTo(true))
                .body("data.services.embedding_workers.healthy", equalTo(true)));
        given().get("/face-verification/health/").then().statusCode(503)
                .body("data.unhealthy_services", contains("vector_index"));
        given().get("/background/health/").then().statusCode(200);

        StatusStack.faceApi().start();

        Eventually.within(SOON, () -> given().get("/face-verification/health/").then().statusCode(200));
    }

    @Test
    void aHungDependencyCannotMakeTheEndpointHang() {
        StatusStack.faceApi().mode(FaceApiStub.Mode.HANGS);
        sleep(400); // past the cache TTL

        long started = System.nanoTime();
        Response response = given().get("/face-verification/status/");
        long elapsedMs = (System.nanoTime() - started) / 1_000_000;

        response.then().statusCode(200)
                .body("data.services.vector_index.healthy", equalTo(false))
                .body("data.services.vector_index.error", containsString("no answer within 2 s"))
                .body("data.services.face_detection.healthy", equalTo(true));
        // The check timeout is 2 s; face-api would answer after 10 s.
        assertTrue(elapsedMs < 3500, "answered after " + elapsedMs + " ms");
    }

    @Test
    void milvusIsReportedUnderItsOwnKeyAndItsOutageIsAMilvusError() {
        StatusStack.faceApi().mode(FaceApiStub.Mode.MILVUS_UP);

        Eventually.within(SOON, () -> given().get("/face-verification/status/").then()
                .body("data.services.keySet()", contains("milvus", "face_detection", "embedding_workers"))
                .body("data.services.milvus.service", equalTo("Milvus Vector Database"))
                .body("data.services.milvus.healthy", equalTo(true))
                .body("data.services.milvus.details.collection", equalTo("visage_faces"))
                .body("data.services.milvus.details.rowCount", equalTo(1234)));

        StatusStack.faceApi().mode(FaceApiStub.Mode.MILVUS_DOWN);

        Eventually.within(SOON, () -> given().get("/face-verification/status/").then()
                .body("data.overall_status", equalTo("unhealthy"))
                .body("data.services.milvus.healthy", equalTo(false))
                .body("data.services.milvus.error_type", equalTo("milvus_error"))
                .body("data.services.milvus.error", containsString("UNAVAILABLE: io exception"))
                .body("data.services.milvus.suggestion", containsString("Milvus"))
                .body("data.services", not(org.hamcrest.Matchers.hasKey("vector_index"))));
        given().get("/face-verification/health/").then().statusCode(503);
    }

    @Test
    void aFaceApiWithoutTheGalleryIndexCheckIsReportedNotGuessed() {
        StatusStack.faceApi().mode(FaceApiStub.Mode.NO_INDEX_CHECK);

        Eventually.within(SOON, () -> given().get("/face-verification/status/").then()
                .body("data.services.vector_index.healthy", equalTo(false))
                .body("data.services.vector_index.error", containsString("does not report a 'gallery-index' check")));
    }

    private static void awaitAllHealthy() {
        Eventually.within(Duration.ofSeconds(40), () -> {
            given().get("/face-verification/health/").then().statusCode(200)
                    .body("data.overall_status", equalTo("healthy"));
            given().get("/background/health/").then().statusCode(200)
                    .body("data.overall_status", equalTo("healthy"));
        });
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
