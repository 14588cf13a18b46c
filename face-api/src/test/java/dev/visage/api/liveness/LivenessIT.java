package dev.visage.api.liveness;

import dev.visage.api.testing.GatewayReadiness;
import dev.visage.api.testing.Photos;
import dev.visage.testing.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Map;
import java.util.UUID;

import static dev.visage.api.testing.Authorized.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.notNullValue;

/**
 * Passive liveness through the real worker, on the three public presentation-attack samples in ../shared/faces/spoof
 * (two attacks, one live person): three photos prove the path, not an accuracy.
 */
@QuarkusTest
class LivenessIT {

    @BeforeEach
    void ready() {
        GatewayReadiness.await();
    }

    @Test
    void thePhotoOfAPhotoIsNotLiveAndTheLivePersonIs() {
        given().multiPart("image", "image_F1.jpg", spoof("image_F1.jpg"), "image/jpeg")
                .post("/api/v1/liveness").then().statusCode(200)
                .body("data.live", equalTo(false))
                .body("data.score", lessThan(0.01f))
                .body("data.face.quality.for_recognition", notNullValue())
                .body("data.model", containsString("fr_liveness"));
        given().multiPart("image", "image_T1.jpg", spoof("image_T1.jpg"), "image/jpeg")
                .post("/api/v1/liveness").then().statusCode(200)
                .body("data.live", equalTo(true))
                .body("data.score", greaterThan(0.3f))
                .body("data.threshold", equalTo(0.3f));
    }

    @Test
    void verifyAndEnrolWithLivenessRefuseAnAttackAndNameThePhoto() {
        given().queryParam("liveness", "true")
                .multiPart("image1", "img1.jpg", Photos.shared("img1.jpg"), "image/jpeg")
                .multiPart("image2", "image_F2.jpg", spoof("image_F2.jpg"), "image/jpeg")
                .post("/api/v1/verify").then().statusCode(422)
                .body("error_type", equalTo("face_detection_error"))
                .body("image", equalTo("image2"))
                .body("details", containsString("liveness check failed"));
        given().queryParam("liveness", "true")
                .multiPart("image1", "img1.jpg", Photos.shared("img1.jpg"), "image/jpeg")
                .multiPart("image2", "image_T1.jpg", spoof("image_T1.jpg"), "image/jpeg")
                .post("/api/v1/verify").then().statusCode(200)
                .body("data.faces[0].face.liveness.live", equalTo(true))
                .body("data.faces[1].face.liveness.live", equalTo(true));

        String collection = "liveness-" + UUID.randomUUID().toString().substring(0, 8);
        String subject = given().contentType(ContentType.JSON).body(Map.of("name", "screen"))
                .queryParam("collection", collection).post("/api/v1/subjects")
                .then().statusCode(201).extract().path("data.id");
        given().queryParam("collection", collection).queryParam("liveness", "true")
                .multiPart("image", "image_F1.jpg", spoof("image_F1.jpg"), "image/jpeg")
                .post("/api/v1/subjects/" + subject + "/faces")
                .then().statusCode(422).body("error_type", equalTo("face_detection_error"));
    }

    private static byte[] spoof(String name) {
        try {
            return Files.readAllBytes(Fixtures.sharedDir().resolve("faces").resolve("spoof").resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
