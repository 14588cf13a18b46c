package dev.visage.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.visage.status.testing.Eventually;
import dev.visage.status.testing.FaceApiStub;
import dev.visage.status.testing.Heartbeats;
import dev.visage.status.testing.StatusStack;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyIterable;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The documented endpoints with every dependency up: the in-process Kafka broker, the local PostgreSQL and Redis,
 * a worker's heartbeats and face-api's readiness document (see {@link StatusStack}).
 */
@QuarkusTest
@WithTestResource(StatusStack.class)
class StatusContractIT {

    @TestHTTPResource("/")
    URL root;

    @BeforeEach
    void everythingUp() {
        StatusStack.heartbeats().start(true);
        StatusStack.faceApi().mode(FaceApiStub.Mode.EMBEDDED_UP);
        Eventually.within(Duration.ofSeconds(20), () -> {
            given().get("/face-verification/health/").then().statusCode(200);
            given().get("/background/health/").then().statusCode(200);
        });
    }

    @Test
    void faceVerificationStatusShowsTheVectorIndexFaceDetectionAndTheWorkers() {
        given().get("/face-verification/status/").then()
                .statusCode(200)
                .contentType("application/json")
                .body("success", equalTo(true))
                .body("data.overall_status", equalTo("healthy"))
                .body("data.healthy_count", equalTo(3))
                .body("data.total_count", equalTo(3))
                .body("data.checked_at", notNullValue())
                // face-api runs the embedded index: it appears as vector_index, not milvus.
                .body("data.services.keySet()", contains("vector_index", "face_detection", "embedding_workers"))
                .body("data.services.vector_index.service", equalTo("Vector Index (embedded)"))
                .body("data.services.vector_index.status", equalTo("success"))
                .body("data.services.vector_index.healthy", equalTo(true))
                .body("data.services.vector_index.critical", equalTo(true))
                .body("data.services.vector_index.details.kind", equalTo("embedded"))
                .body("data.services.vector_index.details.vector_count", equalTo(42))
                .body("data.services.vector_index", not(org.hamcrest.Matchers.hasKey("error")))
                .body("data.services.face_detection.service", equalTo("Face Detection Service"))
                .body("data.services.face_detection.status", equalTo("success"))
                .body("data.services.face_detection.details.models", contains(Heartbeats.MODEL))
                .body("data.services.face_detection.details.execution_providers", contains("CPU"))
                .body("data.services.face_detection.details.ready_workers", equalTo(1))
                .body("data.services.embedding_workers.service", equalTo("Embedding Workers"))
                .body("data.services.embedding_workers.details.active_workers", equalTo(1))
                .body("data.services.embedding_workers.details.workers[0].worker_id", equalTo(Heartbeats.WORKER_ID))
                .body("data.services.embedding_workers.details.consumer_group", equalTo("visage-embedding-workers"))
                .body("data.services.embedding_workers.details.topic", equalTo("visage.embedding.requests"))
                .body("data.services.embedding_workers.details.lag", greaterThanOrEqualTo(0));
    }

    @Test
    void backgroundStatusShowsRedisKafkaTheWorkersAndTheDatabase() {
        given().get("/background/status/").then()
                .statusCode(200)
                .body("success", equalTo(true))
                .body("data.overall_status", equalTo("healthy"))
                .body("data.healthy_count", equalTo(4))
                .body("data.total_count", equalTo(4))
                .body("data.services.keySet()", contains("redis", "kafka", "embedding_workers", "database"))
                .body("data.services.redis.service", equalTo("Redis Cache"))
                .body("data.services.redis.status", equalTo("success"))
                .body("data.services.redis.critical", equalTo(false))
                .body("data.services.redis.details.url", equalTo("redis://127.0.0.1:6379/0"))
                .body("data.services.redis.details.version", matchesPattern("\\d+\\.\\d+\\.\\d+"))
                .body("data.services.redis.details.used_memory", matchesPattern("[0-9.]+[BKMG]"))
                .body("data.services.redis.details.connected_clients", greaterThanOrEqualTo(1))
                .body("data.services.kafka.service", equalTo("Kafka Message Broker"))
                .body("data.services.kafka.critical", equalTo(true))
                .body("data.services.kafka.details.bootstrap_servers", equalTo(StatusStack.bootstrapServers()))
                .body("data.services.kafka.details.brokers", equalTo(1))
                .body("data.services.kafka.details.controller_id", notNullValue())
                .body("data.services.embedding_workers.details.active_workers", equalTo(1))
                .body("data.services.embedding_workers.details.consumer_group", equalTo("visage-embedding-workers"))
                .body("data.services.embedding_workers.details.topic", equalTo("visage.embedding.requests"))
                .body("data.services.database.service", equalTo("Database"))
                .body("data.services.database.critical", equalTo(true))
                .body("data.services.database.details.engine", equalTo("postgresql"))
                .body("data.services.database.details.name", equalTo("visage"))
                .body("data.services.database.details.host", equalTo("127.0.0.1"));
    }

    @Test
    void healthEndpointsAnswer200WithASmallBodyWhileEverythingIsUp() {
        for (String path : new String[] {"/face-verification/health/", "/background/health/"}) {
            given().get(path).then()
                    .statusCode(200)
                    .header("Cache-Control", "no-store")
                    .body("success", equalTo(true))
                    .body("data.overall_status", equalTo("healthy"))
                    .body("data.unhealthy_services", emptyIterable())
                    .body("data", not(org.hamcrest.Matchers.hasKey("services")));
        }
    }

    @Test
    void theEndpointsAnswerWithAndWithoutTheTrailingSlash() {
        given().get("/face-verification/status").then().statusCode(200).body("success", equalTo(true));
        given().get("/background/health").then().statusCode(200).body("success", equalTo(true));
    }

    @Test
    void lagIsThePhotosWaitingOnTheRequestTopicBeyondTheWorkersCommittedOffset() throws Exception {
        String bootstrap = StatusStack.bootstrapServers();
        TopicPartition p0 = new TopicPartition("visage.embedding.requests", 0);
        long end;
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()))) {
            long last = 0;
            for (int i = 0; i < 5; i++) {
                last = producer.send(new ProducerRecord<>(p0.topic(), p0.partition(), "r" + i, "{}")).get().offset();
            }
            end = last + 1;
        }
        // What a worker's commit leaves behind, set the way an operator resets a group (no consumer involved).
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.alterConsumerGroupOffsets("visage-embedding-workers",
                    Map.of(p0, new OffsetAndMetadata(end - 3))).all().get(10, TimeUnit.SECONDS);
        }
        Eventually.within(Duration.ofSeconds(10), () -> given().get("/background/status/").then()
                .body("data.services.embedding_workers.details.lag", equalTo(3))
                .body("data.services.embedding_workers.details.partitions", equalTo(4))
                .body("data.services.embedding_workers.details.group_state", equalTo("EMPTY"))
                .body("data.services.embedding_workers.details.group_members", equalTo(0)));
    }

    @Test
    void aStormOfProbesReachesADependencyAboutOncePerCacheTtl() {
        int before = StatusStack.faceApi().requests();
        long started = System.nanoTime();
        for (int i = 0; i < 40; i++) {
            given().get(i % 2 == 0 ? "/face-verification/status/" : "/face-verification/health/")
                    .then().statusCode(200);
        }
        double elapsedMs = (System.nanoTime() - started) / 1e6;
        int calls = StatusStack.faceApi().requests() - before;
        // cache-ttl is 300 ms in tests; the page's monitor also reads through the same cache.
        long allowed = Math.round(elapsedMs / 300.0) + 2;
        assertTrue(calls <= allowed, "40 probes in " + elapsedMs + " ms reached face-api " + calls
                + " times; at most " + allowed + " expected");
    }

    @Test
    void theStreamPushesBothDocumentsAtOnce() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(root.toURI().resolve("status/stream"))
                .header("Accept", "text/event-stream").build();
        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("content-type").orElse("").startsWith("text/event-stream"));
        CompletableFuture<String> firstData = CompletableFuture.supplyAsync(() -> {
            try (BufferedReader reader = new BufferedReader(
                    new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                for (String line; (line = reader.readLine()) != null; ) {
                    if (line.startsWith("data:")) {
                        return line.substring(5).trim();
                    }
                }
                return null;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        JsonNode event = new ObjectMapper().readTree(firstData.get(3, TimeUnit.SECONDS));
        assertEquals("healthy", event.path("face_verification").path("overall_status").asText());
        assertEquals("healthy", event.path("background").path("overall_status").asText());
        assertEquals(3, event.path("face_verification").path("services").size());
        assertEquals(4, event.path("background").path("services").size());
        // The server's view of both, which the page renders as it is.
        JsonNode summary = event.path("view").path("summary");
        assertEquals("healthy", summary.path("overall_status").asText());
        assertEquals("ok", summary.path("state").asText());
        assertEquals(6, summary.path("healthy_count").asInt());
        assertEquals(6, summary.path("total_count").asInt());
        assertTrue(summary.path("banner").isMissingNode(), summary.toString());
        assertEquals(2, event.path("view").path("groups").size());
        firstData.cancel(true);
    }

    @Test
    void theSnapshotIsOneElementOfTheStreamNow() {
        given().get("/status/snapshot").then()
                .statusCode(200)
                .contentType("application/json")
                .body("face_verification.overall_status", equalTo("healthy"))
                .body("background.services.keySet()", contains("redis", "kafka", "embedding_workers", "database"))
                .body("view.summary.overall_status", equalTo("healthy"))
                .body("view.summary.label", equalTo("Healthy"))
                .body("view.summary.healthy_count", equalTo(6))
                .body("view.summary.total_count", equalTo(6))
                .body("view.summary.checked_at", notNullValue())
                .body("view.groups.key", contains("face_verification", "background"))
                .body("view.groups[0].title", equalTo("Face verification"))
                .body("view.groups[0].summary.state", equalTo("ok"))
                .body("view.groups[0].services.key", contains("vector_index", "face_detection", "embedding_workers"))
                .body("view.groups[0].services[0].name", equalTo("Vector Index (embedded)"))
                .body("view.groups[0].services[0].state", equalTo("ok"))
                .body("view.groups[0].services[0].facts", equalTo("42 vectors"))
                .body("view.groups[1].summary.healthy_count", equalTo(4));
    }

    @Test
    void theFragmentRendersEveryServiceForServerSideInclusion() {
        given().get("/status/fragment").then()
                .statusCode(200)
                .contentType(containsString("text/html"))
                .body(containsString("class=\"vs\" data-overall=\"healthy\""))
                .body(containsString("data-service=\"vector_index\" data-state=\"ok\""))
                .body(containsString("data-service=\"redis\" data-state=\"ok\""))
                .body(containsString("data-service=\"database\" data-state=\"ok\""))
                .body(containsString("6/6 services healthy"))
                .body(containsString("/status.css"))
                .body(not(containsString("vs-banner")));
        given().queryParam("report", "background").get("/status/fragment").then()
                .statusCode(200)
                .body(containsString("data-report=\"background\""))
                .body(not(containsString("data-report=\"face_verification\"")));
    }

    @Test
    void thePageAndTheWebComponentAreServed() {
        given().get("/").then().statusCode(200).contentType(containsString("text/html"))
                .body(containsString("<visage-status>"))
                .body(containsString("status-widget.js"));
        given().get("/status-widget.js").then().statusCode(200)
                .body(containsString("customElements.define('visage-status'"))
                .body(containsString("EventSource"));
        given().get("/status.css").then().statusCode(200);
    }

    @Test
    void anUnknownPathAnswersTheErrorEnvelope() {
        given().header("X-Request-Id", "req-123").get("/nope").then()
                .statusCode(404)
                .header("X-Request-Id", "req-123")
                .body("success", equalTo(false))
                .body("error_type", equalTo("validation_error"))
                .body("error", containsString("Not Found"))
                .body("suggestion", containsString("/face-verification/status/"))
                .body("request_id", equalTo("req-123"));
    }

    @Test
    void ownHealthSaysOnlyThatThisServiceCanAnswer() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/started").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                // Not Redis, PostgreSQL or Kafka: their outages are what this service must keep reporting.
                .body("checks.name", contains("status-pages"))
                .body("checks.name", not(hasItem("Redis connection health check")));
    }
}
