package dev.visage.api.detect;

import dev.visage.api.testing.GatewayReadiness;
import dev.visage.api.testing.Photos;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static dev.visage.api.testing.Authorized.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasSize;

/** POST /api/v1/detect, and the published API description. */
@QuarkusTest
class DetectApiIT {

    @BeforeEach
    void gatewayIsReady() {
        GatewayReadiness.await();
    }

    @Test
    void findsBothFacesOfACouple() {
        given().multiPart("image", "couple.jpg", Photos.shared("couple.jpg"), "image/jpeg")
                .when().post("/api/v1/detect")
                .then().statusCode(200)
                .body("success", equalTo(true))
                .body("data.face_count", equalTo(2))
                .body("data.faces", hasSize(2))
                .body("data.faces[0].landmarks.nose", hasSize(2))
                .body("data.image_width", equalTo(2280));
    }

    @Test
    void detectsInAWebpPhotoNamedJpg() {
        given().multiPart("image", "img47.jpg", Photos.shared("img47.jpg"), "image/jpeg")
                .when().post("/api/v1/detect")
                .then().statusCode(200)
                .body("data.face_count", equalTo(1))
                .body("data.faces[0].detection_score", greaterThan(0.8f));
    }

    @Test
    void aPhotoWithoutFacesIsAnEmptyAnswerNotAnError() {
        given().multiPart("image", "landscape.jpg", Photos.withoutFace(), "image/jpeg")
                .when().post("/api/v1/detect")
                .then().statusCode(200)
                .body("data.face_count", equalTo(0));
    }

    @Test
    void theOpenApiDescriptionDocumentsTheErrorAnswers() {
        given().accept("application/json").when().get("/q/openapi")
                .then().statusCode(200)
                .body(containsString("/api/v1/verify"))
                .body(containsString("/api/v1/detect"))
                .body(containsString("face_detection_error"))
                .body(containsString("ErrorResponse"));
    }
}
