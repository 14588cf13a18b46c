package dev.visage.api;

import dev.visage.testing.Fixtures;
import dev.visage.testing.InProcessKafka;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The gateway's real surroundings: a Kafka broker in this JVM and the real embedding worker, the packaged
 * application of the embedding-worker module, as a separate process with the installed models.
 */
public class WorkerStackResource implements QuarkusTestResourceLifecycleManager {

    private static final Path WORKER_JAR = Path.of("../embedding-worker/target/quarkus-app/quarkus-run.jar");

    private Process worker;

    @Override
    public Map<String, String> start() {
        InProcessKafka kafka = InProcessKafka.shared();
        kafka.createTopics("visage.embedding.requests", "visage.embedding.replies");
        worker = startWorker(kafka.bootstrapServers());
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

    private static Process startWorker(String bootstrapServers) {
        if (!Files.isRegularFile(WORKER_JAR)) {
            throw new IllegalStateException(WORKER_JAR.toAbsolutePath() + " is missing: run the tests with "
                    + "`mvn verify` from the repository root so the worker is packaged first");
        }
        try {
            int port = freePort();
            Path log = Path.of("target/embedding-worker-under-test.log");
            ProcessBuilder builder = new ProcessBuilder(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx768m", "-XX:+UseSerialGC", "-jar", WORKER_JAR.toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().putAll(Map.of(
                    "KAFKA_BOOTSTRAP_SERVERS", bootstrapServers,
                    "VISAGE_MODELS_DIR", Fixtures.modelsDir().toString(),
                    "QUARKUS_HTTP_HOST", "127.0.0.1",
                    "QUARKUS_HTTP_PORT", String.valueOf(port)));
            Process process = builder.start();
            awaitReady(process, port, log);
            return process;
        } catch (IOException e) {
            throw new IllegalStateException("could not start the embedding worker", e);
        }
    }

    private static void awaitReady(Process process, int port, Path log) throws IOException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                .timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("embedding worker exited: " + Files.readString(log));
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // Not listening yet.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep();
        }
        process.destroyForcibly();
        throw new IllegalStateException("embedding worker not ready within 120 s: " + Files.readString(log));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
