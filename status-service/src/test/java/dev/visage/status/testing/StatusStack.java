package dev.visage.status.testing;

import dev.visage.testing.InProcessKafka;
import dev.visage.testing.LocalInfra;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * Everything status-service reports on, for real: the in-process Kafka broker with the workers' topics, the
 * local PostgreSQL and Redis (started by deploy/local/test.sh; started here too when missing), a worker's
 * heartbeats on the heartbeat topic, and face-api's readiness document.
 */
public class StatusStack implements QuarkusTestResourceLifecycleManager {

    private static FaceApiStub faceApi;
    private static Heartbeats heartbeats;
    private static String bootstrapServers;

    @Override
    public synchronized Map<String, String> start() {
        LocalInfra.ensureRunning();
        if (faceApi == null) {
            InProcessKafka kafka = InProcessKafka.shared();
            kafka.createTopics("visage.worker.heartbeats", "visage.embedding.requests", "visage.embedding.replies");
            bootstrapServers = kafka.bootstrapServers();
            faceApi = new FaceApiStub();
            heartbeats = new Heartbeats(bootstrapServers);
        }
        heartbeats.start(true);
        faceApi.mode(FaceApiStub.Mode.EMBEDDED_UP);
        return Map.of("kafka.bootstrap.servers", bootstrapServers,
                "visage.status.face-api.url", faceApi.url());
    }

    @Override
    public void stop() {
        // The broker, the stub and the heartbeats live as long as the JVM: other test classes reuse them.
        LocalInfra.ensureRunning();
    }

    public static FaceApiStub faceApi() {
        return faceApi;
    }

    public static Heartbeats heartbeats() {
        return heartbeats;
    }

    public static String bootstrapServers() {
        return bootstrapServers;
    }
}
