package dev.visage.api.verify;

import dev.visage.api.testing.GatewayReadiness;
import dev.visage.api.testing.Photos;
import dev.visage.api.testing.WorkerStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.Map;

import static dev.visage.api.testing.Authorized.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

/** POST /api/v1/verify through the real broker and the real worker. */
@QuarkusTest
@QuarkusTestResource(WorkerStackResource.class)
class VerifyApiIT {

    @BeforeEach
    void gatewayIsReady() {
        GatewayReadiness.await();
    }

    @Test
    void twoPhotosOfOnePersonAreVerified() {
        given().multiPart("image1", "img1.jpg", Photos.shared("img1.jpg"), "image/jpeg")
                .multiPart("image2", "img2.jpg", Photos.shared("img2.jpg"), "image/jpeg")
                .when().post("/api/v1/verify")
                .then().statusCode(200)
                .header("X-Request-Id", notNullValue())
                .body("success", equalTo(true))
                .body("data.verified", equalTo(true))
                .body("data.similarity", greaterThan(0.37f))
                .body("data.threshold", notNullValue())
                .body("data.model", startsWith("fr_feature"))
                .body("data.faces", hasSize(2))
                .body("data.faces[0].image", equalTo("image1"))
                .body("data.faces[0].face_count", equalTo(1))
                .body("data.faces[0].face.box.width", greaterThan(50f))
                .body("data.faces[0].face.landmarks.right_eye", hasSize(2))
                .body("data.faces[0].face.detection_score", greaterThan(0.8f))
                .body("data.faces[0].face.embedding", nullValue())
                .body("data.timing_ms.total", greaterThan(0f))
                .body("data.timing_ms.image1", notNullValue());
    }

    @Test
    void twoDifferentPeopleAreNotVerified() {
        given().multiPart("image1", "img1.jpg", Photos.shared("img1.jpg"), "image/jpeg")
                .multiPart("image2", "img20.jpg", Photos.shared("img20.jpg"), "image/jpeg")
                .when().post("/api/v1/verify")
                .then().statusCode(200)
                .body("data.verified", equalTo(false))
                .body("data.similarity", lessThan(0.37f));
    }

    @Test
    void jsonWithBase64PhotosAndACustomThresholdWorksToo() {
        Base64.Encoder b64 = Base64.getEncoder();
        given().contentType(ContentType.JSON)
                .body(Map.of("image1", b64.encodeToString(Photos.shared("img8.jpg")),
                        "image2", "data:image/webp;base64," + b64.encodeToString(Photos.shared("img47.jpg")),
                        "threshold", 0.3))
                .when().post("/api/v1/verify")
                .then().statusCode(200)
                .body("data.verified", equalTo(true))
                .body("data.threshold", equalTo(0.3f));
    }

    @Test
    void aGreyscalePhotoIsComparedLikeAColourOne() {
        given().multiPart("image1", "img1.jpg", Photos.shared("img1.jpg"), "image/jpeg")
                .multiPart("image2", "grey.jpg", Photos.greyscale("img4.jpg"), "image/jpeg")
                .when().post("/api/v1/verify")
                .then().statusCode(200)
                .body("data.verified", equalTo(true));
    }

    @Test
    void aGroupPhotoIsComparedByItsLargestFaceAndTheAnswerSaysSo() {
        given().multiPart("image1", "couple.jpg", Photos.shared("couple.jpg"), "image/jpeg")
                .multiPart("image2", "img1.jpg", Photos.shared("img1.jpg"), "image/jpeg")
                .when().post("/api/v1/verify")
                .then().statusCode(200)
                .body("data.faces[0].face_count", greaterThanOrEqualTo(2))
                .body("data.faces[0].note", startsWith("2 faces found"));
    }

    @Test
    void aPhotoWithoutAFaceIsAFaceDetectionErrorNamingTheImage() {
        given().multiPart("image1", "img1.jpg", Photos.shared("img1.jpg"), "image/jpeg")
                .multiPart("image2", "landscape.jpg", Photos.withoutFace(), "image/jpeg")
                .header("X-Request-Id", "no-face-test")
                .when().post("/api/v1/verify")
                .then().statusCode(422)
                .body("success", equalTo(false))
                .body("error_type", equalTo("face_detection_error"))
                .body("image", equalTo("image2"))
                .body("error", equalTo("Face detection failed for image2: No faces detected in image"))
                .body("details", equalTo("No faces detected in image"))
                .body("suggestion", notNullValue())
                .body("request_id", equalTo("no-face-test"));
    }
}
