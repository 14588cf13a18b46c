package dev.visage.api.verify;

import dev.visage.api.photo.Photo;
import dev.visage.api.testing.Photos;
import dev.visage.api.testing.WithoutInfrastructure;
import dev.visage.common.error.VisageException;
import io.quarkus.test.InjectMock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.smallrye.mutiny.Uni;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static dev.visage.api.testing.Authorized.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** The HTTP contract of POST /api/v1/verify with the verification itself mocked. */
@QuarkusTest
@TestProfile(WithoutInfrastructure.class)
class VerificationResourceTest {

    private static final VerificationResult SAME = new VerificationResult(true, 0.7371, 0.37, "model", List.of(),
            Map.of("total", 12.5));

    @InjectMock
    VerificationService verification;

    @BeforeEach
    void answersSame() {
        when(verification.verify(anyString(), any(), any(), any(), any(), anyBoolean(), any())).thenReturn(Uni.createFrom().item(SAME));
    }

    @Test
    void twoUploadedPhotosAreHandedOverValidatedWithTheDefaultThreshold() {
        given().header("X-Request-Id", "verify-1")
                .multiPart("image1", "img1.jpg", Photos.shared("img1.jpg"), "image/jpeg")
                .multiPart("image2", "img2.jpg", Photos.shared("img2.jpg"), "image/jpeg")
                .when().post("/api/v1/verify")
                .then().statusCode(200)
                .header("X-Request-Id", "verify-1")
                .body("success", equalTo(true))
                .body("data.verified", equalTo(true))
                .body("data.similarity", equalTo(0.7371f));
        ArgumentCaptor<Photo> first = ArgumentCaptor.forClass(Photo.class);
        ArgumentCaptor<Photo> second = ArgumentCaptor.forClass(Photo.class);
        ArgumentCaptor<Double> threshold = ArgumentCaptor.forClass(Double.class);
        verify(verification).verify(eq("verify-1"), first.capture(), second.capture(), threshold.capture(), any(), eq(false), any());
        assertEquals("image1", first.getValue().name());
        assertEquals("image2", second.getValue().name());
        assertEquals(64, first.getValue().sha256().length());
        assertNull(threshold.getValue());
    }

    @Test
    void base64PhotosInJsonWithADataUrlPrefixAndAThreshold() {
        String image = "data:image/jpeg;base64," + Base64.getEncoder().encodeToString(Photos.shared("img1.jpg"));
        given().contentType(ContentType.JSON)
                .body(Map.of("image1", image, "image2", image, "threshold", 0.5))
                .when().post("/api/v1/verify")
                .then().statusCode(200).body("data.verified", equalTo(true));
        verify(verification).verify(anyString(), any(), any(), eq(0.5), any(), anyBoolean(), any());
    }

    @Test
    void aMissingPhotoIsNamedAndNothingIsVerified() {
        given().multiPart("image1", "img1.jpg", Photos.shared("img1.jpg"), "image/jpeg")
                .when().post("/api/v1/verify")
                .then().statusCode(400)
                .body("error_type", equalTo("validation_error"))
                .body("image", equalTo("image2"));
        verify(verification, never()).verify(anyString(), any(), any(), any(), any(), anyBoolean(), any());
    }

    @Test
    void aThresholdOutsideZeroToOneIsRefused() {
        given().multiPart("image1", "img1.jpg", Photos.shared("img1.jpg"), "image/jpeg")
                .multiPart("image2", "img2.jpg", Photos.shared("img2.jpg"), "image/jpeg")
                .multiPart("threshold", "1.5")
                .when().post("/api/v1/verify")
                .then().statusCode(400)
                .body("error_type", equalTo("validation_error"))
                .body("details", equalTo("threshold=1.5"));
    }

    @Test
    void aTextFileIsAnUnsupportedMediaType() {
        given().multiPart("image1", "notes.txt", "not a photo at all".getBytes(), "text/plain")
                .multiPart("image2", "img2.jpg", Photos.shared("img2.jpg"), "image/jpeg")
                .when().post("/api/v1/verify")
                .then().statusCode(415)
                .body("error_type", equalTo("validation_error"))
                .body("image", equalTo("image1"));
    }

    @Test
    void aFormWhoseBoundaryNeverOccursIsNamedAsMalformed() {
        given().header("X-Request-Id", "verify-3")
                .header("Content-Type", "multipart/form-data; boundary=AAAA")
                .body("--BBBB\r\nContent-Disposition: form-data; name=\"image1\"\r\n\r\nx\r\n--BBBB--\r\n"
                        .getBytes(StandardCharsets.US_ASCII))
                .when().post("/api/v1/verify")
                .then().statusCode(400)
                .body("error_type", equalTo("validation_error"))
                .body("error", equalTo("The multipart/form-data body is not well formed"))
                .body("details", containsString("'AAAA'"))
                .body("request_id", equalTo("verify-3"));
        verify(verification, never()).verify(anyString(), any(), any(), any(), any(), anyBoolean(), any());
    }

    @Test
    void aTypedFailureOfTheServiceIsAnsweredInTheEnvelope() {
        when(verification.verify(anyString(), any(), any(), any(), any(), anyBoolean(), any())).thenReturn(Uni.createFrom().failure(
                VisageException.faceDetection("image2", "No faces detected in image", "Send a face.")));
        given().header("X-Request-Id", "verify-2")
                .multiPart("image1", "img1.jpg", Photos.shared("img1.jpg"), "image/jpeg")
                .multiPart("image2", "img2.jpg", Photos.shared("img2.jpg"), "image/jpeg")
                .when().post("/api/v1/verify")
                .then().statusCode(422)
                .body("success", equalTo(false))
                .body("error_type", equalTo("face_detection_error"))
                .body("image", equalTo("image2"))
                .body("suggestion", equalTo("Send a face."))
                .body("request_id", equalTo("verify-2"));
    }
}
