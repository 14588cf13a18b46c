package dev.visage.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The real embedding worker, the packaged application of the embedding-worker module, as a separate process with
 * the installed models: what the other modules' tests talk to over Kafka, and what they kill to see it missed.
 */
public final class WorkerProcess {

    private static final Path JAR = Path.of("../embedding-worker/target/quarkus-app/quarkus-run.jar");

    private WorkerProcess() {
    }

    /** Starts a worker on the broker and returns once it reports ready; {@code env} adds or overrides settings. */
    public static Process start(String bootstrapServers, String logName, Map<String, String> env) {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR.toAbsolutePath() + " is missing: run the tests with "
                    + "`mvn verify` from the repository root so the worker is packaged first");
        }
        try {
            int port = freePort();
            Path log = Path.of("target", logName);
            ProcessBuilder builder = new ProcessBuilder(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx768m", "-XX:+UseSerialGC", "--enable-native-access=ALL-UNNAMED", "-jar", JAR.toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            Map<String, String> settings = new HashMap<>(Map.of(
                    "KAFKA_BOOTSTRAP_SERVERS", bootstrapServers,
                    "VISAGE_MODELS_DIR", Fixtures.modelsDir().toString(),
                    "QUARKUS_HTTP_HOST", "127.0.0.1",
                    "QUARKUS_HTTP_PORT", String.valueOf(port)));
            settings.putAll(env);
            builder.environment().putAll(settings);
            Process process = builder.start();
            awaitReady(process, port, log, "embedding worker");
            return process;
        } catch (IOException e) {
            throw new IllegalStateException("could not start the embedding worker", e);
        }
    }

    /**
     * Returns once the Quarkus application {@code process} answers ready on {@code port}; fails with its log when it
     * exits or is not ready within 120 s. {@code what} names it in the failure.
     */
    public static void awaitReady(Process process, int port, Path log, String what) throws IOException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                .timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(what + " exited: " + Files.readString(log));
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
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException(what + " not ready within 120 s: " + Files.readString(log));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
