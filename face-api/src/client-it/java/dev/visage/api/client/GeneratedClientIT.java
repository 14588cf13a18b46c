package dev.visage.api.client;

import dev.visage.api.testing.Authorized;
import dev.visage.api.testing.GatewayReadiness;
import dev.visage.api.testing.Photos;
import dev.visage.client.ApiClient;
import dev.visage.client.ApiException;
import dev.visage.client.api.DetectionApi;
import dev.visage.client.api.GalleryApi;
import dev.visage.client.api.VerificationApi;
import dev.visage.client.model.ApiResponseDetectionResult;
import dev.visage.client.model.ApiResponseEnrolment;
import dev.visage.client.model.ApiResponseIdentification;
import dev.visage.client.model.ApiResponsePageSubjectView;
import dev.visage.client.model.ApiResponseSubjectVerification;
import dev.visage.client.model.ApiResponseSubjectView;
import dev.visage.client.model.ApiResponseVerificationResult;
import dev.visage.client.model.ErrorResponse;
import dev.visage.client.model.ErrorType;
import dev.visage.client.model.Level;
import dev.visage.client.model.SubjectRequest;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's flows as a third-party developer runs them: only through the Java client OpenAPI Generator made from
 * the contract this build produced (target/openapi/openapi.json), with typed answers and typed errors. A change of
 * code that the contract does not follow breaks this test, and with it the build.
 */
@QuarkusTest
class GeneratedClientIT {

    private ApiClient client;
    private String collection;

    @BeforeEach
    void connect() {
        GatewayReadiness.await();
        int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
        client = new ApiClient().setHost("127.0.0.1").setPort(port)
                .setRequestInterceptor(request -> request.header("Authorization", "Bearer " + Authorized.ADMIN_KEY));
        collection = "client-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void oneToOneVerificationAndDetection() throws ApiException {
        ApiResponseVerificationResult verified = new VerificationApi(client).verifyFaces(photo("img1.jpg"),
                photo("img2.jpg"), null, null, null, null, null);
        assertTrue(verified.getSuccess());
        assertTrue(verified.getData().getVerified());
        assertTrue(verified.getData().getSimilarity() > verified.getData().getThreshold());

        ApiResponseDetectionResult detected = new DetectionApi(client).detectFaces(photo("img1.jpg"), "pose", null);
        assertEquals(1, detected.getData().getFaces().size());
        assertEquals(Level.HIGH, detected.getData().getFaces().get(0).getQuality().getForRecognition());
        assertNotNull(detected.getData().getFaces().get(0).getAttributes().getPose().getYaw());
    }

    @Test
    void theGalleryFromCreationToErasure() throws ApiException {
        GalleryApi gallery = new GalleryApi(client);
        ApiResponseSubjectView created = gallery.createSubject(
                new SubjectRequest().externalId("emp-1001").name("Alice"), collection);
        UUID subject = created.getData().getId();

        ApiResponseEnrolment enrolled = gallery.enrolFace(subject.toString(), photo("img1.jpg"), collection, null,
                null, null, null, null);
        assertEquals(subject, enrolled.getData().getSubjectId());
        assertNotNull(enrolled.getData().getFaceId());

        ApiResponseIdentification identified = gallery.identifyFaces(photo("img2.jpg"), null, collection, null, null,
                3, null);
        assertEquals(subject, identified.getData().getMatches().get(0).getSubjectId());

        ApiResponseSubjectVerification same = gallery.verifySubject(subject.toString(), photo("img2.jpg"),
                collection, null, null);
        assertTrue(same.getData().getVerified());

        ApiResponsePageSubjectView page = gallery.listSubjects(collection, 50, 0);
        assertEquals(1, page.getData().getTotal());
        assertEquals("emp-1001", page.getData().getItems().get(0).getExternalId());

        assertTrue(gallery.deleteSubject(subject.toString(), collection).getData().getDeleted());
        ErrorResponse gone = error(assertThrows(ApiException.class,
                () -> gallery.getSubject(subject.toString(), collection)), 404);
        assertEquals(ErrorType.VALIDATION_ERROR, gone.getErrorType());
    }

    @Test
    void anErrorIsTypedWithItsSuggestion() {
        ErrorResponse noFace = error(assertThrows(ApiException.class, () -> new VerificationApi(client)
                .verifyFaces(file("none.jpg", Photos.withoutFace()), photo("img2.jpg"), null, null, null, null,
                        null)), 422);
        assertEquals(ErrorType.FACE_DETECTION_ERROR, noFace.getErrorType());
        assertEquals("image1", noFace.getImage());
        assertFalse(noFace.getSuggestion().isBlank());
        assertFalse(noFace.getSuccess());
    }

    /** The typed error of a failed call: the body the contract promises for its status. */
    private ErrorResponse error(ApiException failure, int status) {
        assertEquals(status, failure.getCode(), failure.getResponseBody());
        try {
            return client.getObjectMapper().readValue(failure.getResponseBody(), ErrorResponse.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static File photo(String name) {
        return file(name, Photos.shared(name));
    }

    private static File file(String name, byte[] bytes) {
        try {
            Path dir = Files.createDirectories(Path.of("target", "client-photos"));
            return Files.write(dir.resolve(name), bytes).toFile();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
