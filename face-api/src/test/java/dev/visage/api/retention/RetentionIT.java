package dev.visage.api.retention;

import dev.visage.api.testing.GatewayReadiness;
import dev.visage.api.testing.Photos;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;

import static dev.visage.api.testing.Authorized.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Retention through the real stack: per-collection periods, the sweep's erasures, and whole-collection erasure. */
@QuarkusTest
class RetentionIT {

    @Inject
    RetentionSweeper sweeper;

    @Inject
    Pool pool;

    private String collection;

    @BeforeEach
    void freshCollection() {
        GatewayReadiness.await();
        collection = "retention-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void aSubjectUntouchedForItsCollectionsPeriodIsErasedAndTheErasureAudited() {
        given().contentType(ContentType.JSON).body(Map.of("retention_days", 30))
                .put("/api/v1/collections/" + collection)
                .then().statusCode(200).body("data.retention_days", equalTo(30))
                .body("data.retention_is_default", equalTo(false));
        String stale = createSubject("stale");
        String fresh = createSubject("fresh");
        enrol(stale, "img1.jpg");
        Map<String, Object> shown = given().queryParam("collection", collection).get("/api/v1/subjects/" + stale)
                .then().statusCode(200).extract().path("data");
        assertEquals(Duration.ofDays(30), Duration.between(
                OffsetDateTime.parse((String) shown.get("last_activity_at")),
                OffsetDateTime.parse((String) shown.get("retention_until"))));

        age(stale, 31);
        assertTrue(sweeper.sweep().await().atMost(Duration.ofSeconds(60)) >= 1);

        given().queryParam("collection", collection).get("/api/v1/subjects/" + stale).then().statusCode(404);
        given().queryParam("collection", collection).get("/api/v1/subjects/" + fresh).then().statusCode(200);
        given().queryParam("collection", collection)
                .multiPart("image", "img2.jpg", Photos.shared("img2.jpg"), "image/jpeg")
                .post("/api/v1/identify").then().statusCode(200).body("data.matches", hasSize(0));
        given().queryParam("subject_id", stale).queryParam("action", "retention_erasure").get("/api/v1/audit")
                .then().statusCode(200).body("data.total", equalTo(1))
                .body("data.items[0].key_name", equalTo("retention sweeper"))
                .body("data.items[0].collection", equalTo(collection));
    }

    @Test
    void aMatchStartsTheRetentionPeriodAgain() {
        String subject = createSubject("returning");
        enrol(subject, "img1.jpg");
        age(subject, 10);
        given().queryParam("collection", collection)
                .multiPart("image", "img2.jpg", Photos.shared("img2.jpg"), "image/jpeg")
                .post("/api/v1/identify").then().statusCode(200).body("data.matches[0].subject_id", equalTo(subject));
        String lastActivity = given().queryParam("collection", collection).get("/api/v1/subjects/" + subject)
                .then().statusCode(200)
                .body("data.retention_until", notNullValue())
                .extract().path("data.last_activity_at");
        assertTrue(OffsetDateTime.parse(lastActivity).isAfter(OffsetDateTime.now().minusMinutes(5)), lastActivity);
        given().get("/api/v1/collections/" + collection).then().statusCode(200)
                .body("data.retention_days", equalTo(1095)).body("data.retention_is_default", equalTo(true));
    }

    @Test
    void erasingACollectionErasesEverySubjectInItAndNamesThemInTheAuditLog() {
        String first = createSubject("first");
        String second = createSubject("second");
        enrol(first, "img1.jpg");
        given().delete("/api/v1/collections/" + collection).then().statusCode(200)
                .body("data.subjects_erased", equalTo(2))
                .body("data.subject_ids", containsInAnyOrder(first, second));
        given().queryParam("collection", collection).get("/api/v1/subjects")
                .then().statusCode(200).body("data.total", equalTo(0));
        given().queryParam("action", "erase_collection").queryParam("collection", collection).get("/api/v1/audit")
                .then().statusCode(200).body("data.items[0].subject_ids", containsInAnyOrder(first, second));
    }

    private String createSubject(String name) {
        return given().contentType(ContentType.JSON).body(Map.of("name", name))
                .queryParam("collection", collection).post("/api/v1/subjects")
                .then().statusCode(201).extract().path("data.id");
    }

    private void enrol(String subject, String photo) {
        given().queryParam("collection", collection)
                .multiPart("image", photo, Photos.shared(photo), "image/jpeg")
                .post("/api/v1/subjects/" + subject + "/faces").then().statusCode(201);
    }

    private void age(String subject, int days) {
        pool.preparedQuery("UPDATE subjects SET last_activity_at = now() - make_interval(days => $2) WHERE id = $1")
                .execute(Tuple.of(UUID.fromString(subject), days)).await().indefinitely();
    }
}
