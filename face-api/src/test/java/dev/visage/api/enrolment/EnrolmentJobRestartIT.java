package dev.visage.api.enrolment;

import dev.visage.api.testing.Authorized;
import dev.visage.api.testing.DeepfaceIdentities;
import dev.visage.api.testing.Photos;
import dev.visage.common.messaging.KafkaContract;
import dev.visage.testing.KafkaBrokerProcess;
import dev.visage.testing.LocalInfra;
import dev.visage.testing.WorkerProcess;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A 200-photo bulk enrolment survives its face-api being killed in the middle: face-api runs as its own process
 * (the packaged application) beside a real broker and worker, is SIGKILLed once part of the job is done, and a new
 * face-api finishes the job from PostgreSQL. Every photo ends enrolled or failed with its error, and no photo
 * becomes two faces.
 */
class EnrolmentJobRestartIT {

    private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");
    private static final int PHOTOS = 200;
    private static final int MAX_ITEMS = 200;

    private static KafkaBrokerProcess broker;
    private static Process worker;
    /** The test profile's own template keys: what this test leaves in the shared database the others can open. */
    private static final String TEMPLATE_KEYS = testProfile("visage.templates.keys");

    /**
     * A database of this test's own: any other face-api of the test run shares PostgreSQL but not this test's broker
     * and worker, and its job runner would take this job's photos and fail them for want of a worker.
     */
    private static final String DATABASE = "visage_job_restart";

    @BeforeAll
    static void infrastructure() throws Exception {
        LocalInfra.ensureRunning();
        freshDatabase();
        broker = new KafkaBrokerProcess(Path.of("target", "job-restart-kafka"));
        broker.start();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            for (String topic : List.of(KafkaContract.REQUEST_TOPIC, KafkaContract.REPLY_TOPIC)) {
                admin.createTopics(List.of(new NewTopic(topic, 4, (short) 1))).all().get();
            }
        }
        worker = WorkerProcess.start(broker.bootstrapServers(), "worker-job-restart.log", Map.of());
    }

    @AfterAll
    static void stop() {
        if (worker != null) {
            worker.destroyForcibly();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void aJobOutlivesItsFaceApi() throws Exception {
        String collection = "restart-" + UUID.randomUUID().toString().substring(0, 8);
        List<List<String>> people = DeepfaceIdentities.load().stream()
                .map(person -> person.stream().filter(Photos::readable).toList())
                .filter(person -> !person.isEmpty()).toList();
        FaceApi first = startFaceApi("face-api-job-restart-1.log");
        FaceApi second = null;
        try {
            int port = first.port();
            RequestSpecification request = given(port).queryParam("collection", collection);
            for (int i = 0; i < PHOTOS; i++) {
                List<String> person = people.get(i % people.size());
                String photo = person.get((i / people.size()) % person.size());
                // Each copy a slightly different size and tagged for this run: every photo distinct, every one a real
                // face, none answered from the cache of an earlier run.
                request.multiPart("external_id", "person-" + (i % people.size()))
                        .multiPart("image", "p" + i + ".jpg", Photos.uncached(Photos.resized(photo, 400 + i),
                                collection), "image/jpeg");
            }
            long started = System.nanoTime();
            String id = request.post("/api/v1/enrolments").then().statusCode(202).extract().path("data.id");

            JsonPath before = awaitJob(port, collection, id, job -> job.getInt("data.done")
                    + job.getInt("data.failed") >= 30);
            int finishedBeforeKill = before.getInt("data.done") + before.getInt("data.failed");
            first.process().destroyForcibly().waitFor();
            long killedAt = System.nanoTime();

            second = startFaceApi("face-api-job-restart-2.log");
            int secondPort = second.port();
            JsonPath job = awaitJob(secondPort, collection, id, j -> "completed".equals(j.getString("data.state")));
            double seconds = (System.nanoTime() - started) / 1e9;
            int done = job.getInt("data.done");
            int failed = job.getInt("data.failed");
            System.out.printf("job of %d photos: %d enrolled, %d failed, %d finished before the kill; %.1f s in all "
                            + "(%.1f photos/s), %.1f s after the kill%n", PHOTOS, done, failed, finishedBeforeKill,
                    seconds, PHOTOS / seconds, (System.nanoTime() - killedAt) / 1e9);
            assertEquals(PHOTOS, job.getInt("data.total"));
            assertEquals(PHOTOS, done + failed, job.prettify());
            assertTrue(done >= PHOTOS * 3 / 4, "most deepface photos enrol: " + done);

            Set<String> faces = new HashSet<>();
            Set<String> subjects = new HashSet<>();
            List<Map<String, Object>> items = job.getList("data.items");
            for (Map<String, Object> item : items) {
                if ("enrolled".equals(item.get("state"))) {
                    assertNotNull(item.get("face_id"), item.toString());
                    assertTrue(faces.add((String) item.get("face_id")), "one face per photo: " + item);
                    subjects.add((String) item.get("subject_id"));
                } else {
                    assertEquals("failed", item.get("state"), item.toString());
                    assertNotNull(((Map<?, ?>) item.get("error")).get("error_type"), item.toString());
                }
            }
            int stored = 0;
            for (String subject : subjects) {
                stored += given(secondPort).queryParam("collection", collection).get("/api/v1/subjects/" + subject)
                        .then().statusCode(200).extract().jsonPath().getList("data.faces").size();
            }
            assertEquals(done, stored, "the gallery holds exactly the enrolled faces, none twice");

            RequestSpecification tooMany = given(secondPort).queryParam("collection", collection);
            byte[] small = Photos.resized("img1.jpg", 64);
            for (int i = 0; i <= MAX_ITEMS; i++) {
                tooMany.multiPart("external_id", "x").multiPart("image", "x" + i + ".jpg", small, "image/jpeg");
            }
            tooMany.post("/api/v1/enrolments").then().statusCode(413)
                    .body("error_type", org.hamcrest.Matchers.equalTo("validation_error"))
                    .body("details", org.hamcrest.Matchers.containsString("a job may carry " + MAX_ITEMS));
            given(secondPort).delete("/api/v1/collections/" + collection).then().statusCode(200);
        } finally {
            first.process().destroyForcibly().waitFor();
            if (second != null) {
                second.process().destroy();
                second.process().waitFor();
            }
        }
    }

    private static RequestSpecification given(int port) {
        return RestAssured.given().baseUri("http://127.0.0.1").port(port)
                .header("Authorization", "Bearer " + Authorized.ADMIN_KEY);
    }

    private static JsonPath awaitJob(int port, String collection, String id,
                                     java.util.function.Predicate<JsonPath> until) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(6).toNanos();
        JsonPath last = null;
        while (System.nanoTime() < deadline) {
            last = given(port).queryParam("collection", collection).get("/api/v1/enrolments/" + id)
                    .then().statusCode(200).extract().jsonPath();
            if (until.test(last)) {
                return last;
            }
            Thread.sleep(500);
        }
        fail("the job did not get there in six minutes: " + (last == null ? "" : last.prettify()));
        return null;
    }

    /** A face-api process and the port it listens on. */
    private record FaceApi(Process process, int port) {
    }

    /** The packaged face-api on a free port, returned once it is ready (workers heard, PostgreSQL reached). */
    private static FaceApi startFaceApi(String logName) throws IOException, InterruptedException {
        if (!Files.isRegularFile(JAR)) {
            fail(JAR.toAbsolutePath() + " is missing: run the integration tests with `mvn verify`");
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path log = Path.of("target", logName);
        ProcessBuilder builder = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m", "-XX:+UseSerialGC",
                "--enable-native-access=ALL-UNNAMED", "--add-modules", "jdk.incubator.vector", "-jar", JAR.toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers(),
                "QUARKUS_HTTP_HOST", "127.0.0.1",
                "QUARKUS_HTTP_PORT", String.valueOf(port),
                "VISAGE_AUTH_BOOTSTRAP_KEY", Authorized.ADMIN_KEY,
                "VISAGE_TEMPLATES_KEYS", TEMPLATE_KEYS,
                "VISAGE_DB_URL", "postgresql://127.0.0.1:5432/" + DATABASE,
                "VISAGE_GALLERY_DATA_DIR", Path.of("target", "job-restart-index").toString(),
                "VISAGE_API_ENROLMENT_JOBS_LEASE", "3s",
                "VISAGE_API_ENROLMENT_JOBS_MAX_ITEMS", String.valueOf(MAX_ITEMS)));
        Process process = builder.start();
        WorkerProcess.awaitReady(process, port, log, "face-api");
        return new FaceApi(process, port);
    }

    private static void freshDatabase() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            PgConnectOptions options = new PgConnectOptions().setHost("127.0.0.1").setPort(5432)
                    .setDatabase("visage").setUser("visage").setPassword("visage");
            PgConnection.connect(vertx, options)
                    .compose(connection -> connection.query("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)")
                            .execute()
                            .compose(dropped -> connection.query("CREATE DATABASE " + DATABASE).execute())
                            .eventually(() -> connection.close()))
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } finally {
            vertx.close();
        }
    }

    private static String testProfile(String property) {
        Properties properties = new Properties();
        try (InputStream in = EnrolmentJobRestartIT.class.getResourceAsStream("/application.properties")) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties.getProperty("%test." + property);
    }
}
