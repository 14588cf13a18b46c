package dev.visage.api.access;

import dev.visage.api.testing.Authorized;
import dev.visage.api.testing.GatewayReadiness;
import dev.visage.api.testing.Photos;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

/**
 * Keys and the audit log through the real stack: a key made by an administrator works within its scopes and
 * collections, stops working the moment it is revoked, and everything it did is in the audit log.
 */
@QuarkusTest
class AccessIT {

    private String collection;

    @BeforeEach
    void freshCollection() {
        GatewayReadiness.await();
        collection = "access-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void aKeyWorksWithinItsScopesAndCollectionAndEverythingItDidIsAudited() {
        Map<String, Object> created = Authorized.given().contentType(ContentType.JSON)
                .body(Map.of("name", "front desk", "scopes", List.of("enrol", "identify"),
                        "collections", List.of(collection)))
                .post("/api/v1/keys").then().statusCode(201).extract().path("data");
        String key = (String) created.get("key");
        String keyId = (String) created.get("id");

        String subject = as(key).contentType(ContentType.JSON).body(Map.of("name", "alice"))
                .queryParam("collection", collection).post("/api/v1/subjects")
                .then().statusCode(201).extract().path("data.id");
        String face = as(key).queryParam("collection", collection)
                .multiPart("image", "img1.jpg", Photos.shared("img1.jpg"), "image/jpeg")
                .post("/api/v1/subjects/" + subject + "/faces")
                .then().statusCode(201).extract().path("data.face_id");
        as(key).queryParam("collection", collection)
                .multiPart("image", "img2.jpg", Photos.shared("img2.jpg"), "image/jpeg")
                .post("/api/v1/identify")
                .then().statusCode(200).body("data.matches[0].subject_id", equalTo(subject));
        as(key).queryParam("collection", "someone-elses").get("/api/v1/subjects/" + subject)
                .then().statusCode(403).body("error_type", equalTo("permission_denied"));
        as(key).multiPart("image1", "img1.jpg", Photos.shared("img1.jpg"), "image/jpeg")
                .multiPart("image2", "img2.jpg", Photos.shared("img2.jpg"), "image/jpeg")
                .post("/api/v1/verify")
                .then().statusCode(403).body("error_type", equalTo("permission_denied"));
        as(key).get("/api/v1/audit").then().statusCode(403);

        Authorized.given().queryParam("key_id", keyId).get("/api/v1/audit")
                .then().statusCode(200)
                .body("data.total", equalTo(5))
                .body("data.items.action", contains("read_audit", "read_subject", "identify", "enrol_face",
                        "create_subject"))
                .body("data.items.key_name", everyItem(equalTo("front desk")))
                .body("data.items[0].outcome", equalTo("permission_denied"))
                .body("data.items[0].status", equalTo(403))
                .body("data.items[1].outcome", equalTo("permission_denied"))
                .body("data.items[2].subject_ids", contains(subject))
                .body("data.items[2].collection", equalTo(collection))
                .body("data.items[3].face_id", equalTo(face))
                .body("data.items[4].outcome", equalTo("ok"))
                .body("data.items", everyItem(not(hasKey("embedding"))));
        Authorized.given().queryParam("subject_id", subject).queryParam("action", "identify")
                .get("/api/v1/audit")
                .then().statusCode(200).body("data.total", equalTo(1))
                .body("data.items[0].request_id", notNullValue());
        Authorized.given().queryParam("action", "create_key").get("/api/v1/audit")
                .then().statusCode(200).body("data.items.target_key_id", hasItem(keyId));
    }

    @Test
    void aRevokedKeyStopsAtOnceAndKeysAreNeverShownAgain() {
        Map<String, Object> created = Authorized.given().contentType(ContentType.JSON)
                .body(Map.of("name", "short-lived", "scopes", List.of("enrol")))
                .post("/api/v1/keys").then().statusCode(201).extract().path("data");
        String key = (String) created.get("key");
        String keyId = (String) created.get("id");
        as(key).get("/api/v1/subjects").then().statusCode(200);

        Authorized.given().get("/api/v1/keys/" + keyId).then().statusCode(200)
                .body("data.name", equalTo("short-lived"))
                .body("data", not(hasKey("key")))
                .body("data.key_prefix", equalTo(key.substring(0, 12)));
        Authorized.given().delete("/api/v1/keys/" + keyId).then().statusCode(200)
                .body("data.revoked_at", notNullValue());
        as(key).get("/api/v1/subjects").then().statusCode(401).body("error_type", equalTo("authentication_error"));
        Authorized.given().get("/api/v1/keys").then().statusCode(200)
                .body("data.find { it.id == '" + keyId + "' }.revoked_at", notNullValue())
                .body("data", everyItem(not(hasKey("key"))));
        Authorized.given().get("/api/v1/keys/" + UUID.randomUUID()).then().statusCode(404);
    }

    private static RequestSpecification as(String key) {
        return RestAssured.given().header("Authorization", "Bearer " + key);
    }
}
