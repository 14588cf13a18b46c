package dev.visage.common.messaging;

import dev.visage.testing.InProcessKafka;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The topic reader against a real broker: what it reads, from where, and what it tells its owner. */
class TopicReaderIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @Test
    void atTheEndItReadsOnlyWhatIsWrittenAfterItWasAssignedFromEveryPartition() throws Exception {
        InProcessKafka kafka = InProcessKafka.shared();
        String topic = "reader-end-" + UUID.randomUUID();
        kafka.createTopics(topic);
        try (KafkaProducer<String, byte[]> producer = producer(kafka)) {
            producer.send(new ProducerRecord<>(topic, "old", bytes("before"))).get();
            Recorder recorder = new Recorder();
            try (TopicReader reader = reader(kafka, topic, TopicReader.Start.atEnd(), recorder)) {
                reader.start();
                await(reader::assigned);
                for (int i = 0; i < 8; i++) {
                    producer.send(new ProducerRecord<>(topic, "new-" + i, bytes("after"))).get();
                }
                await(() -> recorder.keys.size() == 8);
                assertTrue(recorder.keys.stream().allMatch(k -> k.startsWith("new-")));
            }
        }
    }

    @Test
    void lookingBackItReadsTheRecentWindowThenSaysItCaughtUp() throws Exception {
        InProcessKafka kafka = InProcessKafka.shared();
        String topic = "reader-window-" + UUID.randomUUID();
        kafka.createTopics(topic);
        try (KafkaProducer<String, byte[]> producer = producer(kafka)) {
            producer.send(new ProducerRecord<>(topic, "recent", bytes("heartbeat"))).get();
        }
        Recorder recorder = new Recorder();
        try (TopicReader reader = reader(kafka, topic, TopicReader.Start.lookingBack(Duration.ofMinutes(1)),
                recorder)) {
            reader.start();
            assertTrue(recorder.caughtUp.await(30, TimeUnit.SECONDS));
            assertEquals(List.of("recent"), recorder.keys);
        }
    }

    @Test
    void aTopicThatDoesNotExistIsNotCreatedAndCountsAsNothingToRead() throws Exception {
        InProcessKafka kafka = InProcessKafka.shared();
        String topic = "reader-absent-" + UUID.randomUUID();
        Recorder recorder = new Recorder();
        try (TopicReader reader = reader(kafka, topic, TopicReader.Start.atEnd(), recorder)) {
            reader.start();
            assertTrue(recorder.caughtUp.await(30, TimeUnit.SECONDS));
            assertTrue(recorder.beforeAssigning.get() > 0);
            assertFalse(reader.assigned());
        }
    }

    private static TopicReader reader(InProcessKafka kafka, String topic, TopicReader.Start start, Recorder recorder) {
        return new TopicReader("test-reader", Map.of("bootstrap.servers", kafka.bootstrapServers()), topic, start,
                Duration.ofSeconds(30), TIMEOUT, recorder);
    }

    private static KafkaProducer<String, byte[]> producer(InProcessKafka kafka) {
        return new KafkaProducer<>(Map.of("bootstrap.servers", kafka.bootstrapServers()), new StringSerializer(),
                new ByteArraySerializer());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "not within 30 s");
            Thread.sleep(50);
        }
    }

    private static final class Recorder implements TopicReader.Listener {
        final List<String> keys = new CopyOnWriteArrayList<>();
        final CountDownLatch caughtUp = new CountDownLatch(1);
        final AtomicInteger beforeAssigning = new AtomicInteger();

        @Override
        public void onRecord(ConsumerRecord<String, byte[]> record) {
            keys.add(record.key());
        }

        @Override
        public void beforeAssigning() {
            beforeAssigning.incrementAndGet();
        }

        @Override
        public void onCaughtUp() {
            caughtUp.countDown();
        }
    }
}
