package dev.visage.worker.messaging;

import dev.visage.common.messaging.EmbedSelection;
import dev.visage.common.messaging.EmbeddingReply;
import dev.visage.common.messaging.EmbeddingRequest;
import dev.visage.common.messaging.KafkaContract;
import dev.visage.common.messaging.ReplyCodec;
import dev.visage.common.messaging.RequestCodec;
import dev.visage.testing.Fixtures;
import dev.visage.testing.InProcessKafka;
import dev.visage.testing.MonitoringQueries;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The worker as the gateway sees it: requests in on Kafka, typed replies out, keyed by request id, both laid out
 * by the codecs face-api uses.
 */
@QuarkusTest
@QuarkusTestResource(WorkerMessagingIT.Broker.class)
class WorkerMessagingIT {

    private static final String NO_SHA256 = "0".repeat(64);

    private static KafkaProducer<String, byte[]> producer;
    private static KafkaConsumer<String, byte[]> replies;
    private static final Map<String, ConsumerRecord<String, byte[]>> received = new HashMap<>();

    public static class Broker implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            InProcessKafka kafka = InProcessKafka.shared();
            kafka.createTopics(KafkaContract.REQUEST_TOPIC, KafkaContract.REPLY_TOPIC);
            return Map.of("kafka.bootstrap.servers", kafka.bootstrapServers(),
                    "visage.worker.models-dir", Fixtures.modelsDir().toString(),
                    // Long enough that photos sent back to back reliably meet in one batch.
                    "visage.worker.batch.max-wait", "1s", "visage.worker.batch.max-gap", "1s");
        }

        @Override
        public void stop() {
        }
    }

    @BeforeAll
    static void connect() {
        String bootstrap = InProcessKafka.shared().bootstrapServers();
        producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap, "max.request.size", 20971520),
                new StringSerializer(), new ByteArraySerializer());
        Map<String, Object> consumerConfig = new HashMap<>();
        consumerConfig.put("bootstrap.servers", bootstrap);
        consumerConfig.put("group.id", "worker-test-" + UUID.randomUUID());
        consumerConfig.put("auto.offset.reset", "earliest");
        replies = new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new ByteArrayDeserializer());
        replies.subscribe(List.of(KafkaContract.REPLY_TOPIC));
    }

    @AfterAll
    static void disconnect() {
        producer.close();
        replies.close();
    }

    @Test
    void healthSaysWhichModelAndExecutionProviderAreInUse() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'face-engine' }.data.execution_provider", equalTo("CPU"));
        given().get("/q/health/started").then().statusCode(200);
        given().get("/q/health/live").then().statusCode(200);
    }

    @Test
    void requestsThatArriveTogetherAreAnsweredInOneBatchEachUnderItsOwnId() throws Exception {
        Map<String, String> photos = Map.of(send("img1.jpg", EmbedSelection.LARGEST), "img1.jpg",
                send("couple.jpg", EmbedSelection.ALL), "couple.jpg",
                send("img47.jpg", EmbedSelection.NONE), "img47.jpg");

        Map<String, EmbeddingReply> answers = await(photos.keySet());

        String singleId = idOf(photos, "img1.jpg");
        EmbeddingReply single = answers.get(singleId);
        assertNull(single.error());
        assertEquals(1, single.faces().size());
        assertEquals(512, single.faces().get(0).embedding().length);
        assertTrue(single.batchSize() >= 1);
        assertEquals(512 * Float.BYTES, received.get(singleId).value().length,
                "the reply's value is its one embedding as float32, nothing else");

        EmbeddingReply couple = answers.get(idOf(photos, "couple.jpg"));
        assertEquals(2, couple.faces().size());
        assertTrue(couple.faces().stream().allMatch(f -> f.embedding() != null));

        EmbeddingReply webp = answers.get(idOf(photos, "img47.jpg"));
        assertEquals(1, webp.faces().size());
        assertNull(webp.faces().get(0).embedding());

        assertTrue(answers.values().stream().anyMatch(r -> r.batchSize() > 1),
                "photos sent together should meet in a batch");
    }

    @Test
    void anUndecodablePhotoIsATypedValidationErrorNotASilence() throws Exception {
        String id = UUID.randomUUID().toString();
        byte[] garbage = "\u00ff\u00d8\u00ff not really a jpeg".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        producer.send(RequestCodec.encode(new EmbeddingRequest(id, "image1", garbage, NO_SHA256,
                EmbedSelection.LARGEST)).toProducerRecord(KafkaContract.REQUEST_TOPIC)).get();

        EmbeddingReply reply = await(List.of(id)).get(id);

        assertNotNull(reply.error());
        assertEquals("validation_error", reply.error().errorType().wireName());
        assertEquals("image1", reply.error().image());
        assertFalse(reply.error().error().isBlank());
    }

    @Test
    void aRecordWithoutTheRequestHeadersIsATypedErrorUnderItsKeyAndOneWithoutAKeyIsSkipped() throws Exception {
        String keyed = UUID.randomUUID().toString();
        producer.send(new ProducerRecord<>(KafkaContract.REQUEST_TOPIC, null, Fixtures.photoBytes("img1.jpg"))).get();
        producer.send(new ProducerRecord<>(KafkaContract.REQUEST_TOPIC, keyed,
                "{\"request_id\":\"old json\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8))).get();

        EmbeddingReply reply = await(List.of(keyed)).get(keyed);

        assertEquals("unexpected_error", reply.error().errorType().wireName());
        assertEquals(500, reply.error().httpStatus());
        String after = send("img2.jpg", EmbedSelection.LARGEST);
        assertNull(await(List.of(after)).get(after).error(), "the worker goes on answering after stray records");
    }

    @Test
    void everyQueriedWorkerMetricIsExportedOnceAPhotoWasEmbedded() throws Exception {
        await(List.of(send("img2.jpg", EmbedSelection.LARGEST)));

        String scrape = "\n" + given().get("/q/metrics").then().statusCode(200).extract().asString();

        var missing = MonitoringQueries.missingFrom(scrape, List.of("visage_worker_"));
        assertTrue(missing.isEmpty(), "queried by deploy/monitoring but not exported: " + missing);
    }

    private static String send(String photo, EmbedSelection selection) throws Exception {
        String id = UUID.randomUUID().toString();
        producer.send(RequestCodec.encode(new EmbeddingRequest(id, photo, Fixtures.photoBytes(photo), NO_SHA256,
                selection)).toProducerRecord(KafkaContract.REQUEST_TOPIC));
        return id;
    }

    private static String idOf(Map<String, String> photos, String photo) {
        return photos.entrySet().stream().filter(e -> e.getValue().equals(photo)).findFirst().orElseThrow().getKey();
    }

    private static Map<String, EmbeddingReply> await(java.util.Collection<String> ids) throws Exception {
        producer.flush();
        Map<String, EmbeddingReply> found = new HashMap<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!found.keySet().containsAll(ids) && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, byte[]> record : replies.poll(Duration.ofMillis(500))) {
                if (ids.contains(record.key())) {
                    received.put(record.key(), record);
                    found.put(record.key(), ReplyCodec.decode(record.key(), record.headers(), record.value()));
                }
            }
        }
        assertTrue(found.keySet().containsAll(ids), "replies for " + ids + ", got " + found.keySet());
        return found;
    }
}
