package dev.visage.api.web;

import dev.visage.api.testing.GatewayReadiness;
import dev.visage.api.testing.Photos;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static dev.visage.api.testing.Authorized.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hostile-input corpus ({@code src/test/resources/fuzz}, made by {@code src/test/fuzz/MakeCorpus.java}) sent
 * through the real stack: every case must be answered within seconds by a typed 4xx envelope (never a 5xx, a
 * bare status or a hang), and the service must still verify real photos afterwards.
 */
@QuarkusTest
class HostileInputIT {

    private static final Set<String> ERROR_TYPES = Set.of("service_unavailable", "import_error",
            "face_detection_error", "verification_error", "milvus_error", "database_error", "validation_error",
            "unexpected_error");
    private static final long MAX_MILLIS = 20_000;
    private static final RestAssuredConfig RAW = RestAssured.config()
            .encoderConfig(EncoderConfig.encoderConfig().appendDefaultContentCharsetToContentTypeIfUndefined(false))
            .httpClient(HttpClientConfig.httpClientConfig()
                    .setParam("http.socket.timeout", (int) MAX_MILLIS)
                    .setParam("http.connection.timeout", 5_000));

    private static String subject;

    @BeforeEach
    void aReadyGatewayAndASubjectToEnrolInto() {
        GatewayReadiness.await();
        if (subject == null) {
            subject = given().contentType(ContentType.JSON).body(Map.of("name", "hostile-input target"))
                    .queryParam("collection", "hostile").post("/api/v1/subjects")
                    .then().statusCode(201).extract().path("data.id");
        }
    }

    @Test
    void everyBrokenLyingOrForeignPhotoIsATypedClientError() {
        List<String> problems = new ArrayList<>();
        for (Path photo : corpus("images")) {
            byte[] bytes = read(photo);
            String name = photo.getFileName().toString();
            check(problems, "verify image1=" + name, true, () -> spec()
                    .multiPart("image1", name, bytes, "application/octet-stream")
                    .multiPart("image2", "img2.jpg", Photos.shared("img2.jpg"), "image/jpeg")
                    .post("/api/v1/verify"));
            // A photo that decodes but holds no face is a valid detection (zero faces): only no 5xx is asked here.
            check(problems, "detect image=" + name, false, () -> spec()
                    .multiPart("image", name, bytes, "application/octet-stream").post("/api/v1/detect"));
            check(problems, "enrol image=" + name, true, () -> spec().queryParam("collection", "hostile")
                    .multiPart("image", name, bytes, "application/octet-stream")
                    .post("/api/v1/subjects/" + subject + "/faces"));
        }
        assertNone(problems);
    }

    @Test
    void everyJsonBodyOfTheWrongShapeIsATypedClientError() {
        List<String> problems = new ArrayList<>();
        for (Path body : corpus("json")) {
            byte[] bytes = read(body);
            for (String path : List.of("/api/v1/verify", "/api/v1/detect", "/api/v1/subjects/" + subject + "/faces")) {
                check(problems, path + " " + body.getFileName(), true, () -> spec()
                        .queryParam("collection", "hostile")
                        .header("Content-Type", "application/json").body(bytes).post(path));
            }
        }
        for (Path body : corpus("subjects")) {
            byte[] bytes = read(body);
            check(problems, "create subject " + body.getFileName(), true, () -> spec()
                    .queryParam("collection", "hostile")
                    .header("Content-Type", "application/json").body(bytes).post("/api/v1/subjects"));
        }
        assertNone(problems);
    }

    @Test
    void everyMalformedMultipartBodyIsATypedClientError() {
        List<String> problems = new ArrayList<>();
        for (Path file : corpus("multipart")) {
            String[] typeAndBody = new String(read(file), StandardCharsets.UTF_8).split("\n", 2);
            byte[] body = typeAndBody[1].getBytes(StandardCharsets.UTF_8);
            for (String path : List.of("/api/v1/verify", "/api/v1/identify")) {
                check(problems, path + " " + file.getFileName(), true, () -> spec()
                        .header("Content-Type", typeAndBody[0]).body(body).post(path));
            }
        }
        assertNone(problems);
    }

    @Test
    void hostileIdentifiersAndCollectionNamesAreRefusedBeforeAnyLookup() {
        List<String> problems = new ArrayList<>();
        // Request lines over 4096 bytes are refused by the HTTP codec itself (414) before any of this runs.
        List<String> ids = List.of("../../etc/passwd", "\u0000", "' OR 1=1 --", "x".repeat(1000), "\uD83D\uDE00",
                "0b5ad1f6-1a49-4f3b-9d59-0d4f4b3a9c1", "%", "a b", "null", "-1");
        for (String value : ids) {
            String segment = encoded(value);
            check(problems, "subject id " + shortened(value), true, () -> spec().urlEncodingEnabled(false)
                    .get("/api/v1/subjects/" + segment));
            check(problems, "face id " + shortened(value), true, () -> spec().urlEncodingEnabled(false)
                    .delete("/api/v1/subjects/" + subject + "/faces/" + segment + "?collection=hostile"));
        }
        List<String> collections = List.of("../x", "\u0000", "a b", "x".repeat(65), "\u9ED8\u8BA4", "a;drop table",
                "%2e%2e", "name\nforged-log-line");
        for (String value : collections) {
            check(problems, "collection " + shortened(value), true, () -> spec().urlEncodingEnabled(false)
                    .get("/api/v1/subjects?collection=" + encoded(value)));
        }
        for (String field : List.of("top_k", "all_faces")) {
            for (String value : List.of("abc", "99999999999999999999", "-1", "1e3", "\u0000")) {
                check(problems, field + "=" + shortened(value), true, () -> spec()
                        .multiPart("image", "img1.jpg", Photos.shared("img1.jpg"), "image/jpeg")
                        .multiPart(field, value).post("/api/v1/identify"));
            }
        }
        for (String value : List.of("abc", "-5", "99999999999999999999")) {
            check(problems, "offset=" + value, true, () -> spec().queryParam("offset", value).get("/api/v1/subjects"));
        }
        assertNone(problems);
    }

    @Test
    void afterTheWholeCorpusRealPhotosStillVerify() {
        everyBrokenLyingOrForeignPhotoIsATypedClientError();
        everyMalformedMultipartBodyIsATypedClientError();
        given().multiPart("image1", "img1.jpg", Photos.shared("img1.jpg"), "image/jpeg")
                .multiPart("image2", "img2.jpg", Photos.shared("img2.jpg"), "image/jpeg")
                .post("/api/v1/verify")
                .then().statusCode(200).body("data.verified", equalTo(true));
    }

    private static RequestSpecification spec() {
        return given().config(RAW);
    }

    /**
     * One request: answered within the time limit, never 5xx, always the typed envelope when it is not a success,
     * and a client error (4xx) when {@code mustRefuse}.
     */
    private static void check(List<String> problems, String what, boolean mustRefuse,
                              Supplier<Response> request) {
        long start = System.nanoTime();
        Response response;
        try {
            response = request.get();
        } catch (RuntimeException e) {
            problems.add(what + ": no answer (" + e + ")");
            return;
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        int status = response.statusCode();
        if (millis > MAX_MILLIS) {
            problems.add(what + ": answered after " + millis + " ms");
        }
        if (status >= 500 || (mustRefuse && (status < 400 || status >= 500))) {
            problems.add(what + ": HTTP " + status + " " + shortened(response.asString()));
            return;
        }
        if (status >= 400) {
            String type = safely(() -> response.jsonPath().getString("error_type"));
            String requestId = safely(() -> response.jsonPath().getString("request_id"));
            String suggestion = safely(() -> response.jsonPath().getString("suggestion"));
            if (type == null || !ERROR_TYPES.contains(type) || requestId == null || suggestion == null) {
                problems.add(what + ": HTTP " + status + " without the typed envelope: "
                        + shortened(response.asString()));
            }
        }
    }

    private static String safely(Supplier<String> read) {
        try {
            return read.get();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static void assertNone(List<String> problems) {
        assertTrue(problems.isEmpty(), problems.size() + " hostile inputs were not answered as typed client "
                + "errors:\n" + String.join("\n", problems));
    }

    private static List<Path> corpus(String kind) {
        try (Stream<Path> files = Files.list(Path.of(HostileInputIT.class.getResource("/fuzz/" + kind).toURI()))) {
            List<Path> sorted = files.sorted().toList();
            assertTrue(sorted.size() >= 5, "the corpus of " + kind + " is missing");
            return sorted;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String encoded(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String shortened(String s) {
        String oneLine = s.replaceAll("\\p{Cntrl}", "?");
        return oneLine.length() <= 160 ? oneLine : oneLine.substring(0, 160) + "...";
    }
}
