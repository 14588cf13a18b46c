package dev.visage.api.testing;

import dev.visage.common.messaging.KafkaContract;
import dev.visage.testing.InProcessKafka;
import dev.visage.testing.WorkerProcess;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * The gateway's real surroundings: a Kafka broker in this JVM and the real embedding worker, the packaged
 * application of the embedding-worker module, as a separate process with the installed models.
 */
public class WorkerStackResource implements QuarkusTestResourceLifecycleManager {

    private Process worker;

    @Override
    public Map<String, String> start() {
        InProcessKafka kafka = InProcessKafka.shared();
        kafka.createTopics(KafkaContract.REQUEST_TOPIC, KafkaContract.REPLY_TOPIC);
        worker = WorkerProcess.start(kafka.bootstrapServers(), "embedding-worker-under-test.log", Map.of());
        return Map.of("kafka.bootstrap.servers", kafka.bootstrapServers());
    }

    @Override
    public void stop() {
        if (worker != null) {
            worker.destroy();
            try {
                worker.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
