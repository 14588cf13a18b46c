package dev.visage.api;

import dev.visage.api.testing.GatewayReadiness;
import dev.visage.api.testing.Photos;
import dev.visage.testing.MonitoringQueries;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.visage.api.testing.Authorized.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The face-api metrics the alert rules and dashboard query are the ones face-api exports. */
@QuarkusTest
class MetricsExportIT {

    @BeforeEach
    void gatewayIsReady() {
        GatewayReadiness.await();
    }

    @Test
    void everyQueriedApiMetricIsExportedOnceTrafficFlowed() {
        given().multiPart("image1", "img1.jpg", Photos.shared("img1.jpg"), "image/jpeg")
                .multiPart("image2", "img2.jpg", Photos.shared("img2.jpg"), "image/jpeg")
                .post("/api/v1/verify").then().statusCode(200);
        given().multiPart("image1", "img1.jpg", Photos.shared("img1.jpg"), "image/jpeg")
                .post("/api/v1/verify").then().statusCode(400);
        given().contentType(ContentType.JSON).body(Map.of("name", "metrics")).queryParam("collection", "metrics")
                .post("/api/v1/subjects").then().statusCode(201);
        given().queryParam("collection", "metrics")
                .multiPart("image", "img1.jpg", Photos.shared("img1.jpg"), "image/jpeg")
                .post("/api/v1/identify").then().statusCode(200);

        String scrape = "\n" + given().get("/q/metrics").then().statusCode(200).extract().asString();

        var missing = MonitoringQueries.missingFrom(scrape,
                List.of("visage_api_", "visage_gallery_", "visage_cache_", "visage_audit_",
                        "http_server_requests_seconds_"));
        assertTrue(missing.isEmpty(), "queried by deploy/monitoring but not exported: " + missing);
    }
}
