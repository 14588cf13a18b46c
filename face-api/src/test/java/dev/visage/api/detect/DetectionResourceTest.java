package dev.visage.api.detect;

import dev.visage.api.testing.Photos;
import dev.visage.api.testing.WithoutInfrastructure;
import io.quarkus.test.InjectMock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.smallrye.mutiny.Uni;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.List;
import java.util.Map;

import static dev.visage.api.testing.Authorized.given;
import static org.hamcrest.Matchers.equalTo;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** The HTTP contract of POST /api/v1/detect with detection mocked. */
@QuarkusTest
@TestProfile(WithoutInfrastructure.class)
class DetectionResourceTest {

    @InjectMock
    DetectionService detection;

    @BeforeEach
    void findsNoFace() {
        when(detection.detect(anyString(), any(), any())).thenReturn(Uni.createFrom().item(
                new DetectionResult("image", 0, List.of(), 640, 480, "model", Map.of("total", 3.0))));
    }

    @Test
    void aPhotoWithoutFacesIsAnAnswerNotAnError() {
        given().multiPart("image", "img1.jpg", Photos.shared("img1.jpg"), "image/jpeg")
                .when().post("/api/v1/detect")
                .then().statusCode(200)
                .body("success", equalTo(true))
                .body("data.face_count", equalTo(0))
                .body("data.image_width", equalTo(640));
    }

    @Test
    void theJsonFormTakesBase64() {
        given().contentType(ContentType.JSON)
                .body(Map.of("image", Base64.getEncoder().encodeToString(Photos.shared("img1.jpg"))))
                .when().post("/api/v1/detect")
                .then().statusCode(200).body("data.face_count", equalTo(0));
    }

    @Test
    void brokenBase64IsAValidationErrorNamingThePhoto() {
        given().contentType(ContentType.JSON).body(Map.of("image", "***not base64***"))
                .when().post("/api/v1/detect")
                .then().statusCode(400)
                .body("error_type", equalTo("validation_error"))
                .body("image", equalTo("image"));
        verify(detection, never()).detect(anyString(), any(), any());
    }

    @Test
    void aBodyThatIsNotJsonIsTyped() {
        given().contentType(ContentType.JSON).body("{\"image\": ")
                .when().post("/api/v1/detect")
                .then().statusCode(400)
                .body("error_type", equalTo("validation_error"));
    }
}
