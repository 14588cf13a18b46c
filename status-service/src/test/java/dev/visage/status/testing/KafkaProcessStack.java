package dev.visage.status.testing;

import dev.visage.testing.KafkaBrokerProcess;
import dev.visage.testing.LocalInfra;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.nio.file.Path;
import java.util.Map;

/**
 * Like {@link StatusStack}, but Kafka is a broker process of its own ({@link KafkaBrokerProcess}) that the test
 * stops and starts again while status-service keeps running.
 */
public class KafkaProcessStack implements QuarkusTestResourceLifecycleManager {

    private static KafkaBrokerProcess broker;
    private static FaceApiStub faceApi;
    private static Heartbeats heartbeats;

    @Override
    public Map<String, String> start() {
        LocalInfra.ensureRunning();
        broker = new KafkaBrokerProcess(Path.of("target", "kafka-broker-process"));
        broker.start();
        faceApi = new FaceApiStub();
        heartbeats = new Heartbeats(broker.bootstrapServers());
        heartbeats.start(true);
        return Map.of("kafka.bootstrap.servers", broker.bootstrapServers(),
                "visage.status.face-api.url", faceApi.url());
    }

    @Override
    public void stop() {
        if (heartbeats != null) {
            heartbeats.close();
        }
        if (faceApi != null) {
            faceApi.close();
        }
        if (broker != null) {
            broker.close();
        }
        LocalInfra.ensureRunning();
    }

    public static KafkaBrokerProcess broker() {
        return broker;
    }
}
