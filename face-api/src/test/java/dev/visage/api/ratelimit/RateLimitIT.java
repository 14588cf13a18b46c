package dev.visage.api.ratelimit;

import dev.visage.api.testing.Authorized;
import dev.visage.api.testing.GatewayReadiness;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Per-key limits through the real Redis: the bucket lives there, so every replica draws from the same one. */
@QuarkusTest
class RateLimitIT {

    @Inject
    RedisDataSource redis;

    @BeforeEach
    void gatewayIsReady() {
        GatewayReadiness.await();
    }

    @Test
    void aKeyGetsItsBurstThen429WithRetryAfterAndTheBudgetInEveryAnswer() {
        Map<String, Object> created = Authorized.given().contentType(ContentType.JSON)
                .body(Map.of("name", "rate-limit-it", "scopes", List.of("enrol"), "requests_per_second", 0.2,
                        "burst", 3))
                .post("/api/v1/keys").then().statusCode(201).extract().path("data");
        String key = (String) created.get("key");
        List<Response> answers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            answers.add(RestAssured.given().header("X-API-Key", key).get("/api/v1/subjects"));
        }
        for (int i = 0; i < 3; i++) {
            assertEquals(200, answers.get(i).statusCode(), "request " + i);
            assertEquals("3", answers.get(i).header("RateLimit-Limit"));
            assertEquals(String.valueOf(2 - i), answers.get(i).header("RateLimit-Remaining"));
        }
        Response refused = answers.get(3);
        refused.then().statusCode(429).body("error_type", equalTo("rate_limited"));
        long retryAfter = Long.parseLong(refused.header("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 5, "one request back at 0.2/s: " + retryAfter);
        assertEquals("0", refused.header("RateLimit-Remaining"));
        assertTrue(redis.key().exists(RateLimiter.KEY_PREFIX + created.get("id")), "the bucket is in Redis");
    }
}
