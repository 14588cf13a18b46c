package dev.visage.api.gallery;

import dev.visage.api.testing.GatewayReadiness;
import dev.visage.api.testing.Photos;
import dev.visage.api.index.GalleryIndex;
import dev.visage.api.index.IndexedFace;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static dev.visage.api.testing.Authorized.given;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The gallery API against real PostgreSQL, Redis, Kafka, the worker and the embedded index. */
@QuarkusTest
class GalleryApiIT {

    @Inject
    GalleryReconciler reconciler;

    @Inject
    GalleryIndex index;

    @Inject
    Pool pool;

    private String collection;

    @BeforeEach
    void freshCollection() {
        GatewayReadiness.await();
        collection = "test-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void enrolThenIdentifyThenVerifyThenErase() {
        String alice = createSubject("alice-" + collection);
        String faceId = enrol(alice, "img1.jpg");
        enrol(alice, "img4.jpg");

        given().queryParam("collection", collection).get("/api/v1/subjects/" + alice)
                .then().statusCode(200)
                .body("data.external_id", equalTo("alice-" + collection))
                .body("data.faces", hasSize(2));

        given().queryParam("collection", collection)
                .multiPart("image", "img2.jpg", Photos.shared("img2.jpg"), "image/jpeg")
                .post("/api/v1/identify")
                .then().statusCode(200)
                .body("data.matches", hasSize(1))
                .body("data.matches[0].subject_id", equalTo(alice))
                .body("data.matches[0].external_id", equalTo("alice-" + collection))
                .body("data.matches[0].similarity", greaterThan(0.45f))
                .body("data.matches[0].face_id", notNullValue());

        given().queryParam("collection", collection)
                .multiPart("image", "img2.jpg", Photos.shared("img2.jpg"), "image/jpeg")
                .post("/api/v1/subjects/" + alice + "/verify")
                .then().statusCode(200)
                .body("data.verified", equalTo(true))
                .body("data.compared_faces", equalTo(2));
        given().queryParam("collection", collection)
                .multiPart("image", "img20.jpg", Photos.shared("img20.jpg"), "image/jpeg")
                .post("/api/v1/subjects/" + alice + "/verify")
                .then().statusCode(200)
                .body("data.verified", equalTo(false));

        given().queryParam("collection", collection).delete("/api/v1/subjects/" + alice + "/faces/" + faceId)
                .then().statusCode(200);
        given().queryParam("collection", collection).get("/api/v1/subjects/" + alice)
                .then().body("data.faces", hasSize(1));

        given().queryParam("collection", collection).delete("/api/v1/subjects/" + alice)
                .then().statusCode(200).body("data.existed", equalTo(true));
        given().queryParam("collection", collection).delete("/api/v1/subjects/" + alice)
                .then().statusCode(200).body("data.deleted", equalTo(true)).body("data.existed", equalTo(false));
        given().queryParam("collection", collection).get("/api/v1/subjects/" + alice)
                .then().statusCode(404).body("error_type", equalTo("validation_error"));
        assertTrue(index.faceIds(collection).isEmpty(), "erasure removes every vector");
        given().queryParam("collection", collection)
                .multiPart("image", "img2.jpg", Photos.shared("img2.jpg"), "image/jpeg")
                .post("/api/v1/identify")
                .then().statusCode(200).body("data.matches", empty());
    }

    /**
     * The embedded index commits on a timer, not per write: what makes an enrolment searchable at once is the
     * near-real-time reader, so identification right after the enrolment returns must find the face.
     */
    @Test
    void aFaceIsIdentifiedAsSoonAsItsEnrolmentReturns() {
        String bob = createSubject("bob-" + collection);
        String faceId = enrol(bob, "img1.jpg");

        given().queryParam("collection", collection)
                .multiPart("image", "img1.jpg", Photos.shared("img1.jpg"), "image/jpeg")
                .post("/api/v1/identify")
                .then().statusCode(200)
                .body("data.matches", hasSize(1))
                .body("data.matches[0].face_id", equalTo(faceId))
                .body("data.matches[0].similarity", greaterThan(0.95f));
    }

    @Test
    void aStrangerIsNeverForcedOntoTheNearestSubject() {
        String alice = createSubject(null);
        enrol(alice, "img1.jpg");

        given().queryParam("collection", collection)
                .multiPart("image", "img20.jpg", Photos.shared("img20.jpg"), "image/jpeg")
                .post("/api/v1/identify")
                .then().statusCode(200).body("data.matches", empty());
    }

    @Test
    void collectionsNeverMix() {
        String alice = createSubject(null);
        enrol(alice, "img1.jpg");

        given().queryParam("collection", collection + "-other")
                .multiPart("image", "img2.jpg", Photos.shared("img2.jpg"), "image/jpeg")
                .post("/api/v1/identify")
                .then().statusCode(200).body("data.matches", empty());
        given().queryParam("collection", collection + "-other").get("/api/v1/subjects/" + alice)
                .then().statusCode(404);
    }

    @Test
    void aGroupPhotoNeedsAFaceIndexAndAllFacesIdentifiesEveryone() {
        String subject = createSubject(null);
        given().queryParam("collection", collection)
                .multiPart("image", "couple.jpg", Photos.shared("couple.jpg"), "image/jpeg")
                .post("/api/v1/subjects/" + subject + "/faces")
                .then().statusCode(422).body("error_type", equalTo("face_detection_error"));
        given().queryParam("collection", collection)
                .multiPart("image", "couple.jpg", Photos.shared("couple.jpg"), "image/jpeg")
                .multiPart("face_index", "1")
                .post("/api/v1/subjects/" + subject + "/faces")
                .then().statusCode(201).body("data.face_count", equalTo(2)).body("data.face_index", equalTo(1));

        given().queryParam("collection", collection)
                .multiPart("image", "couple.jpg", Photos.shared("couple.jpg"), "image/jpeg")
                .multiPart("all_faces", "true")
                .post("/api/v1/identify")
                .then().statusCode(200)
                .body("data.faces", hasSize(2))
                .body("data.faces.findAll { it.matches.size() > 0 }", hasSize(1));
    }

    @Test
    void aPhotoWithoutAFaceIsNotEnrolled() {
        String subject = createSubject(null);
        given().queryParam("collection", collection)
                .multiPart("image", "landscape.jpg", Photos.withoutFace(), "image/jpeg")
                .post("/api/v1/subjects/" + subject + "/faces")
                .then().statusCode(422).body("error_type", equalTo("face_detection_error"))
                .body("image", equalTo("image"));
    }

    @Test
    void aRetriedEnrolmentWithTheSameIdempotencyKeyEnrolsOnce() {
        String subject = createSubject(null);
        String first = given().queryParam("collection", collection).header("Idempotency-Key", "enrol-42")
                .multiPart("image", "img1.jpg", Photos.shared("img1.jpg"), "image/jpeg")
                .post("/api/v1/subjects/" + subject + "/faces")
                .then().statusCode(201).extract().path("data.face_id");
        String second = given().queryParam("collection", collection).header("Idempotency-Key", "enrol-42")
                .multiPart("image", "img1.jpg", Photos.shared("img1.jpg"), "image/jpeg")
                .post("/api/v1/subjects/" + subject + "/faces")
                .then().statusCode(201).extract().path("data.face_id");

        assertEquals(first, second);
        given().queryParam("collection", collection).get("/api/v1/subjects/" + subject)
                .then().body("data.faces", hasSize(1));
    }

    @Test
    void subjectsArePagedAndExternalIdsAreUniquePerCollection() {
        createSubject("one");
        createSubject("two");
        createSubject("three");
        given().contentType(ContentType.JSON).body(Map.of("external_id", "one"))
                .queryParam("collection", collection).post("/api/v1/subjects")
                .then().statusCode(409).body("error_type", equalTo("validation_error"));

        given().queryParam("collection", collection).queryParam("limit", 2).get("/api/v1/subjects")
                .then().statusCode(200)
                .body("data.items", hasSize(2))
                .body("data.total", equalTo(3))
                .body("data.items[0].external_id", equalTo("one"));
    }

    @Test
    void reconciliationFinishesInterruptedEnrolmentsAndRemovesOrphanVectors() {
        String subject = createSubject(null);
        String faceId = enrol(subject, "img1.jpg");
        float[] vector = unit();
        // A crash after the row was written but before its vector reached the index:
        pool.preparedQuery("UPDATE faces SET state = 'pending', updated_at = now() - interval '1 hour' WHERE id = $1")
                .execute(Tuple.of(UUID.fromString(faceId))).await().indefinitely();
        index.deleteFaces(collection, java.util.List.of(faceId));
        // ...and a vector whose row never committed:
        String orphan = UUID.randomUUID().toString();
        index.upsert(java.util.List.of(new IndexedFace(orphan, subject, collection, vector)));

        GalleryReconciler.Report report = reconciler.reconcile().await().indefinitely();

        assertTrue(report.enrolmentsFinished() >= 1, report.toString());
        assertTrue(index.faceIds(collection).contains(faceId), "the interrupted enrolment's vector is back");
        assertFalse(index.faceIds(collection).contains(orphan), "the orphan vector is gone");
        given().queryParam("collection", collection).get("/api/v1/subjects/" + subject)
                .then().body("data.faces", hasSize(1));
    }

    @Test
    void reconciliationRestoresTheVectorsOfActiveFacesTheIndexLost() {
        String alice = createSubject("alice-" + collection);
        String first = enrol(alice, "img1.jpg");
        String second = enrol(alice, "img4.jpg");
        // A crash before the index's commit, or an index deleted and started anew: the rows are active.
        index.deleteFaces(collection, java.util.List.of(first, second));

        GalleryReconciler.Report report = reconciler.reconcile().await().indefinitely();

        assertTrue(report.vectorsRestored() >= 2, report.toString());
        assertTrue(index.faceIds(collection).containsAll(java.util.List.of(first, second)));
        given().queryParam("collection", collection)
                .multiPart("image", "img2.jpg", Photos.shared("img2.jpg"), "image/jpeg")
                .post("/api/v1/identify")
                .then().statusCode(200)
                .body("data.matches[0].subject_id", equalTo(alice));
    }

    @Test
    void reconciliationRemovesVectorsOfACollectionWithoutAnyRows() {
        String forgotten = "forgotten-" + UUID.randomUUID();
        String orphan = UUID.randomUUID().toString();
        index.upsert(java.util.List.of(new IndexedFace(orphan, UUID.randomUUID().toString(), forgotten, unit())));

        GalleryReconciler.Report report = reconciler.reconcile().await().indefinitely();

        assertTrue(report.orphansRemoved() >= 1, report.toString());
        assertTrue(index.faceIds(forgotten).isEmpty(), "the collection's vectors are gone");
        assertFalse(index.collections().contains(forgotten));
    }

    private String createSubject(String externalId) {
        Map<String, Object> body = externalId == null ? Map.of("name", "someone")
                : Map.of("external_id", externalId, "name", "someone", "metadata", Map.of("team", "qa"));
        return given().contentType(ContentType.JSON).body(body).queryParam("collection", collection)
                .post("/api/v1/subjects")
                .then().statusCode(201).body("success", equalTo(true))
                .extract().path("data.id");
    }

    private String enrol(String subject, String photo) {
        return given().queryParam("collection", collection)
                .multiPart("image", photo, Photos.shared(photo), "image/jpeg")
                .post("/api/v1/subjects/" + subject + "/faces")
                .then().statusCode(201)
                .body("data.detection_score", greaterThan(0.8f))
                .body("data.face_width", greaterThan(32f))
                .extract().path("data.face_id");
    }

    private static float[] unit() {
        float[] v = new float[512];
        v[0] = 1;
        return v;
    }
}
