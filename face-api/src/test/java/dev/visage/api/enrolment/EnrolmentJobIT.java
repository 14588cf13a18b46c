package dev.visage.api.enrolment;

import dev.visage.api.testing.GatewayReadiness;
import dev.visage.api.testing.Photos;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.visage.api.testing.Authorized.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Bulk enrolment through the real worker: a job is answered at once, worked through in the background and reports
 * per photo what happened — enrolled, refused for its quality with the reasons, too small, faceless, not a photo,
 * or already enrolled — and never enrols a photo twice.
 */
@QuarkusTest
class EnrolmentJobIT {

    private String collection;

    @BeforeEach
    void ready() {
        GatewayReadiness.await();
        collection = "jobs-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void aJobReportsWhatHappenedToEachPhoto() {
        double faceWidth = given().multiPart("image", "img1.jpg", Photos.shared("img1.jpg"), "image/jpeg")
                .post("/api/v1/detect").then().statusCode(200).extract().jsonPath()
                .getDouble("data.faces[0].box.width");
        byte[] tinyFace = Photos.scaledOntoCanvas("img1.jpg", 24 / faceWidth, 320, 240);
        RequestSpecification request = given().queryParam("collection", collection)
                .multiPart("external_id", "ada").multiPart("image", "sharp.jpg", Photos.shared("img1.jpg"), "image/jpeg")
                .multiPart("external_id", "ada").multiPart("image", "blurred.jpg", Photos.blurred("img1.jpg"),
                        "image/jpeg")
                .multiPart("external_id", "bob").multiPart("image", "tiny.jpg", tinyFace, "image/jpeg")
                .multiPart("external_id", "cy").multiPart("image", "none.jpg", Photos.withoutFace(), "image/jpeg")
                .multiPart("external_id", "dee").multiPart("image", "notes.txt",
                        "not a photo".getBytes(StandardCharsets.UTF_8), "text/plain")
                .multiPart("external_id", "ada").multiPart("image", "again.jpg", Photos.shared("img1.jpg"),
                        "image/jpeg");
        JsonPath accepted = request.post("/api/v1/enrolments").then().statusCode(202)
                .header("Location", containsString("/api/v1/enrolments/"))
                .body("data.total", equalTo(6))
                .body("data.items[4].state", equalTo("failed"))
                .body("data.items[4].error.error_type", equalTo("validation_error"))
                .body("data.items[4].error.image", equalTo("image[4]"))
                .extract().jsonPath();
        String id = accepted.getString("data.id");

        JsonPath job = awaitCompleted(id);
        assertEquals(2, job.getInt("data.done"), job.prettify());
        assertEquals(4, job.getInt("data.failed"), job.prettify());
        assertEquals(0, job.getInt("data.waiting"));

        assertEquals("enrolled", job.getString("data.items[0].state"));
        String faceId = job.getString("data.items[0].face_id");
        String ada = job.getString("data.items[0].subject_id");
        assertNotNull(faceId);
        assertEquals("high", job.getString("data.items[0].quality.for_recognition"));

        assertEquals("face_detection_error", job.getString("data.items[1].error.error_type"));
        assertEquals("image[1]", job.getString("data.items[1].error.image"));
        assertTrue(job.getList("data.items[1].quality.reasons").contains("LOW_SHARPNESS"), job.prettify());
        assertTrue(job.getString("data.items[1].error.suggestion").startsWith("Hold the camera still"),
                job.getString("data.items[1].error.suggestion"));

        assertEquals("face_detection_error", job.getString("data.items[2].error.error_type"));
        assertTrue(job.getString("data.items[2].error.details").contains("SMALL_BOUNDING_BOX"),
                job.getString("data.items[2].error.details"));
        assertTrue(job.getString("data.items[2].error.suggestion").startsWith("Move closer"));

        assertTrue(job.getString("data.items[3].error.details").contains("No faces detected"));

        assertEquals("enrolled", job.getString("data.items[5].state"));
        assertEquals(faceId, job.getString("data.items[5].face_id"));
        assertEquals(true, job.getBoolean("data.items[5].already_enrolled"));

        given().queryParam("collection", collection).get("/api/v1/subjects/" + ada).then().statusCode(200)
                .body("data.external_id", equalTo("ada"))
                .body("data.faces.size()", equalTo(1))
                .body("data.faces[0].face_id", equalTo(faceId));
    }

    @Test
    void aJsonJobEnrolsIntoExistingAndNewSubjects() {
        String existing = given().contentType(ContentType.JSON).queryParam("collection", collection)
                .body(Map.of("external_id", "emp-1", "name", "Existing")).post("/api/v1/subjects")
                .then().statusCode(201).extract().path("data.id");
        Map<String, Object> body = Map.of("items", List.of(
                Map.of("external_id", "emp-1", "image", base64(Photos.shared("img2.jpg"))),
                Map.of("external_id", "emp-2", "image", base64(Photos.shared("img3.jpg")))));
        String id = given().contentType(ContentType.JSON).queryParam("collection", collection).body(body)
                .post("/api/v1/enrolments").then().statusCode(202).extract().path("data.id");
        JsonPath job = awaitCompleted(id);
        assertEquals(2, job.getInt("data.done"), job.prettify());
        assertEquals(existing, job.getString("data.items[0].subject_id"));
        given().queryParam("collection", collection).get("/api/v1/subjects/" + existing).then()
                .body("data.faces.size()", equalTo(1));
        given().queryParam("collection", collection)
                .multiPart("image", "img3.jpg", Photos.uncached("img3.jpg", collection), "image/jpeg")
                .post("/api/v1/identify").then().statusCode(200)
                .body("data.faces[0].matches[0].subject_id", equalTo(job.getString("data.items[1].subject_id")));
    }

    @Test
    void aRetriedRequestWithItsIdempotencyKeyIsTheSameJob() {
        String key = UUID.randomUUID().toString();
        String first = given().queryParam("collection", collection).header("Idempotency-Key", key)
                .multiPart("external_id", "fay").multiPart("image", "img4.jpg", Photos.shared("img4.jpg"), "image/jpeg")
                .post("/api/v1/enrolments").then().statusCode(202).extract().path("data.id");
        String again = given().queryParam("collection", collection).header("Idempotency-Key", key)
                .multiPart("external_id", "fay").multiPart("image", "img4.jpg", Photos.shared("img4.jpg"), "image/jpeg")
                .post("/api/v1/enrolments").then().statusCode(202).extract().path("data.id");
        assertEquals(first, again);
        awaitCompleted(first);
    }

    @Test
    void malformedJobsAreRefusedWholeAndUnknownJobsAreNotFound() {
        given().queryParam("collection", collection)
                .multiPart("external_id", "a").multiPart("external_id", "b")
                .multiPart("image", "img1.jpg", Photos.shared("img1.jpg"), "image/jpeg")
                .post("/api/v1/enrolments").then().statusCode(400)
                .body("error_type", equalTo("validation_error"))
                .body("details", containsString("1 image parts and 2 external_id fields"));
        given().contentType(ContentType.JSON).queryParam("collection", collection).body(Map.of("items", List.of()))
                .post("/api/v1/enrolments").then().statusCode(400)
                .body("error", containsString("no photos"));
        given().contentType(ContentType.JSON).queryParam("collection", collection)
                .body(Map.of("items", List.of(Map.of("image", base64(Photos.shared("img1.jpg"))))))
                .post("/api/v1/enrolments").then().statusCode(400)
                .body("suggestion", containsString("i-th external_id"));
        given().queryParam("collection", collection).get("/api/v1/enrolments/" + UUID.randomUUID())
                .then().statusCode(404).body("error_type", equalTo("validation_error"));
    }

    private JsonPath awaitCompleted(String id) {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < deadline) {
            JsonPath job = given().queryParam("collection", collection).get("/api/v1/enrolments/" + id)
                    .then().statusCode(200).extract().jsonPath();
            if ("completed".equals(job.getString("data.state"))) {
                return job;
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        fail("job " + id + " did not complete in two minutes");
        return null;
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
