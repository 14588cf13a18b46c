package dev.visage.api.cache;

import dev.visage.api.testing.GatewayReadiness;
import dev.visage.api.testing.Photos;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.visage.api.testing.Authorized.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

/** Redis is only a cache: with nothing listening where it should be, enrolment and identification still work. */
@QuarkusTest
@TestProfile(RedisDownIT.NoRedis.class)
class RedisDownIT {

    public static class NoRedis implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // Port 9 (discard) is closed on the test machine: every Redis call fails at once.
            return Map.of("quarkus.redis.hosts", "redis://127.0.0.1:9");
        }
    }

    @BeforeEach
    void gatewayIsReady() {
        GatewayReadiness.await();
    }

    @Test
    void enrolmentIdentificationAndIdempotencyKeysDegradeGracefully() {
        String collection = "no-redis-" + UUID.randomUUID().toString().substring(0, 8);
        String subject = given().contentType(ContentType.JSON).body(Map.of("name", "bob"))
                .queryParam("collection", collection).post("/api/v1/subjects")
                .then().statusCode(201).extract().path("data.id");
        given().queryParam("collection", collection).header("Idempotency-Key", "k1")
                .multiPart("image", "img1.jpg", Photos.shared("img1.jpg"), "image/jpeg")
                .post("/api/v1/subjects/" + subject + "/faces")
                .then().statusCode(201);

        given().queryParam("collection", collection)
                .multiPart("image", "img2.jpg", Photos.shared("img2.jpg"), "image/jpeg")
                .post("/api/v1/identify")
                .then().statusCode(200)
                .body("data.matches", hasSize(1))
                .body("data.matches[0].subject_id", equalTo(subject));
    }

    @Test
    void rateLimitsStillApplyPerInstanceWithoutRedis() {
        String key = given().contentType(ContentType.JSON)
                .body(Map.of("name", "no-redis-limit", "scopes", List.of("enrol"), "requests_per_second", 0.1,
                        "burst", 2))
                .post("/api/v1/keys").then().statusCode(201).extract().path("data.key");
        for (int i = 0; i < 2; i++) {
            RestAssured.given().header("X-API-Key", key).get("/api/v1/subjects").then().statusCode(200);
        }
        RestAssured.given().header("X-API-Key", key).get("/api/v1/subjects")
                .then().statusCode(429).body("error_type", equalTo("rate_limited"))
                .header("Retry-After", notNullValue());
    }
}
