package dev.visage.api.worker;

import dev.visage.api.testing.GatewayReadiness;
import dev.visage.api.testing.Photos;
import dev.visage.common.messaging.KafkaContract;
import dev.visage.common.messaging.MessageCodec;
import dev.visage.common.messaging.WorkerHeartbeat;
import dev.visage.testing.InProcessKafka;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.visage.api.testing.Authorized.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.lessThan;

/**
 * The two ways a photo can find no worker to answer it, without a worker process: a member of the group that
 * takes the request and never answers (as a worker that hangs or dies mid-request) ends in a typed 503 once the
 * configured wait is over; a group with no member at all is answered at once, with {@code Retry-After}.
 */
@QuarkusTest
@TestProfile(WorkerTimeoutIT.NoWorker.class)
class WorkerTimeoutIT {

    private static final String UNSERVED = KafkaContract.REQUEST_TOPIC + ".unserved";
    /** Heartbeats of this test's silent worker only, not of the worker processes other tests ran. */
    private static final String BEATS = KafkaContract.HEARTBEAT_TOPIC + ".timeout-test";

    public static class NoWorker implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("visage.api.worker.request-topic", UNSERVED,
                    "visage.api.worker.heartbeat-topic", BEATS,
                    "visage.api.worker.timeout", "2s",
                    "visage.api.worker.membership-interval", "300ms");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(BrokerOnly.class));
        }

        @Override
        public boolean disableGlobalTestResources() {
            return true;
        }
    }

    public static class BrokerOnly implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            // There before face-api, without a retention of its own: as a topic an older face-api made.
            InProcessKafka.shared().createTopics(UNSERVED);
            return Map.of("kafka.bootstrap.servers", InProcessKafka.shared().bootstrapServers());
        }

        @Override
        public void stop() {
        }
    }

    @Test
    void aRequestTheOnlyWorkerNeverAnswersEndsInServiceUnavailableAfterTheWait() throws Exception {
        try (SilentWorker silent = new SilentWorker()) {
            GatewayReadiness.awaitCheck("embedding-replies");
            GatewayReadiness.awaitCheck("embedding-workers");
            long start = System.currentTimeMillis();
            verifyTwoPhotos().then().statusCode(503)
                    .body("error_type", equalTo("service_unavailable"))
                    .body("service", equalTo("Embedding Worker"));
            assertThat(System.currentTimeMillis() - start, greaterThanOrEqualTo(2_000L));
            assertThat(System.currentTimeMillis() - start, lessThan(10_000L));
        }
    }

    @Test
    void withNoWorkerInTheGroupTheAnswerComesAtOnceAndSaysWhenToRetry() {
        GatewayReadiness.awaitCheck("embedding-replies");
        GatewayReadiness.awaitCheck("embedding-workers", "DOWN");
        // Small photos, so that the time measured is the answer's and not the upload's.
        byte[] small = Photos.withoutFace();
        verifyTwoPhotos(small).then().statusCode(503);
        long start = System.currentTimeMillis();
        verifyTwoPhotos(small).then().statusCode(503)
                .header("Retry-After", "5")
                .body("error_type", equalTo("service_unavailable"))
                .body("service", equalTo("Embedding Worker"))
                .body("details", equalTo("the consumer group " + KafkaContract.WORKER_GROUP + " has no member"));
        assertThat(System.currentTimeMillis() - start, lessThan(1_000L));
    }

    @Test
    void kafkaKeepsPhotosAndAnswersForMinutesNotTheBrokersDefault() throws Exception {
        GatewayReadiness.awaitCheck("embedding-replies");
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", InProcessKafka.shared().bootstrapServers()))) {
            for (String topic : List.of(UNSERVED, KafkaContract.REPLY_TOPIC)) {
                ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
                Config config = admin.describeConfigs(List.of(resource)).all().get(10, TimeUnit.SECONDS)
                        .get(resource);
                assertThat(topic, config.get(TopicConfig.RETENTION_MS_CONFIG).value(),
                        equalTo(String.valueOf(KafkaContract.PHOTO_RETENTION_MS)));
                assertThat(topic, config.get(TopicConfig.SEGMENT_BYTES_CONFIG).value(),
                        equalTo(String.valueOf(KafkaContract.PHOTO_SEGMENT_BYTES)));
            }
        }
    }

    private static Response verifyTwoPhotos() {
        return verifyTwoPhotos(Photos.shared("img1.jpg"));
    }

    private static Response verifyTwoPhotos(byte[] photo) {
        return given().multiPart("image1", "a.jpg", photo, "image/jpeg")
                .multiPart("image2", "b.jpg", photo, "image/jpeg")
                .when().post("/api/v1/verify");
    }

    /** A member of the worker group that reads requests and answers none, while it beats as a live worker does. */
    private static final class SilentWorker implements AutoCloseable {
        private final KafkaProducer<String, byte[]> beats = new KafkaProducer<>(Map.of(
                "bootstrap.servers", InProcessKafka.shared().bootstrapServers(), "linger.ms", 0),
                new StringSerializer(), new ByteArraySerializer());
        private final KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                "bootstrap.servers", InProcessKafka.shared().bootstrapServers(),
                "group.id", KafkaContract.WORKER_GROUP,
                "auto.offset.reset", "latest"), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        private final Thread poller;

        SilentWorker() {
            InProcessKafka.shared().createTopics(UNSERVED);
            consumer.subscribe(List.of(UNSERVED));
            poller = new Thread(() -> {
                try {
                    while (!Thread.currentThread().isInterrupted()) {
                        consumer.poll(Duration.ofMillis(200));
                        beats.send(new ProducerRecord<>(BEATS, "silent", MessageCodec.HEARTBEAT.encode(
                                new WorkerHeartbeat("silent", true, "model", "CPU", "CPU", null, null, 0,
                                        System.currentTimeMillis(), 250))));
                    }
                } catch (WakeupException e) {
                    // closing
                } finally {
                    consumer.close(Duration.ofSeconds(2));
                    beats.close(Duration.ofSeconds(2));
                }
            }, "silent-worker");
            poller.start();
        }

        @Override
        public void close() throws InterruptedException {
            consumer.wakeup();
            poller.join(5_000);
        }
    }
}
