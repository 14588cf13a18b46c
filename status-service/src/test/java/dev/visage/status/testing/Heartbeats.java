package dev.visage.status.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.visage.common.messaging.KafkaContract;
import dev.visage.common.messaging.WorkerHeartbeat;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Heartbeats of one embedding worker, written to the real heartbeat topic exactly as the worker's
 * {@code HeartbeatPublisher} writes them (key = worker id, value = {@link WorkerHeartbeat} JSON). That message
 * IS the protocol between the workers and status-service, so producing it here stands in for a worker's
 * heartbeats without faking a worker: nothing here embeds photos, and status-service only reads the topic.
 */
public final class Heartbeats implements AutoCloseable {

    public static final String WORKER_ID = "status-test-worker-1";
    public static final String MODEL = "fr_feature-512d (faceplugin-face-recognition-js@0.0.1) + YuNet-2023mar";

    private static final Duration INTERVAL = Duration.ofMillis(500);

    private final KafkaProducer<String, String> producer;
    private final ScheduledExecutorService timer;
    private final ObjectMapper mapper = new ObjectMapper();
    private volatile boolean sending;
    private volatile boolean ready = true;

    public Heartbeats(String bootstrapServers) {
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 1000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 5000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500));
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "test-heartbeats");
            t.setDaemon(true);
            return t;
        });
        // Slower than a worker's 250 ms: the tests' staleness window is 3 s.
        timer.scheduleAtFixedRate(this::beat, 0, INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The worker is running (and, when {@code ready}, has its models loaded). */
    public void start(boolean ready) {
        this.ready = ready;
        this.sending = true;
    }

    /** The worker is gone: no more heartbeats. */
    public void stop() {
        sending = false;
    }

    private void beat() {
        if (!sending) {
            return;
        }
        WorkerHeartbeat heartbeat = ready
                ? new WorkerHeartbeat(WORKER_ID, true, MODEL, "CPU", "CPU", null, null, 7, System.currentTimeMillis(),
                INTERVAL.toMillis())
                : new WorkerHeartbeat(WORKER_ID, false, null, null, null, null,
                "model file missing: models/installed/fr_feature-512d.onnx", 0, System.currentTimeMillis(),
                INTERVAL.toMillis());
        try {
            producer.send(new ProducerRecord<>(KafkaContract.HEARTBEAT_TOPIC, WORKER_ID, mapper.writeValueAsString(heartbeat)));
        } catch (Exception e) {
            // Kafka is down in some tests: a heartbeat that cannot be sent is simply late, as in the worker.
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        producer.close(java.time.Duration.ofSeconds(1));
    }
}
