package dev.visage.common.error;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ErrorResponseTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void faceDetectionErrorHasTheSpecifiedShape() {
        VisageException e = VisageException.faceDetection("query_image.jpg", "No faces detected in image",
                "Send a photo in which one face is clearly visible.");

        JsonNode body = json.valueToTree(ErrorResponse.of(e, "req-1"));

        assertFalse(body.get("success").asBoolean());
        assertEquals("Face detection failed for query_image.jpg: No faces detected in image", body.get("error").asText());
        assertEquals("face_detection_error", body.get("error_type").asText());
        assertEquals("query_image.jpg", body.get("image").asText());
        assertEquals("No faces detected in image", body.get("details").asText());
        assertEquals("req-1", body.get("request_id").asText());
        assertTrue(body.hasNonNull("suggestion"));
        assertFalse(body.has("service"), "only the context that applies is present");
        assertEquals(422, e.httpStatus());
    }

    @Test
    void serviceUnavailableAndMilvusErrorsReadAsTheSpecificationShows() {
        VisageException down = VisageException.serviceUnavailable("Face Detection Service", "Connection timeout", "Retry");
        VisageException milvus = VisageException.milvus("search_similar_faces", "Collection not loaded", "Load it");

        assertEquals("Face Detection Service service is not available: Connection timeout", down.getMessage());
        assertEquals("Face Detection Service", ErrorResponse.of(down, null).service());
        assertEquals(503, down.httpStatus());
        assertEquals("Milvus operation 'search_similar_faces' failed: Collection not loaded", milvus.getMessage());
        assertEquals("search_similar_faces", ErrorResponse.of(milvus, null).operation());
    }

    @Test
    void everyTypeHasItsDocumentedWireNameAndAClientOrServerStatus() {
        for (ErrorType type : ErrorType.values()) {
            assertEquals(type, ErrorType.fromWireName(type.wireName()));
            int status = type.httpStatus();
            assertTrue(status == 400 || status == 401 || status == 403 || status == 422 || status == 429
                    || status >= 500, type.name());
        }
        assertEquals("validation_error", json.valueToTree(ErrorType.VALIDATION_ERROR).asText());
    }

    @Test
    void aValidationErrorMayCarryAMorePreciseStatus() {
        VisageException tooLarge = VisageException.builder(ErrorType.VALIDATION_ERROR, "image1 is too large")
                .httpStatus(413).image("image1").build();

        assertEquals(413, tooLarge.httpStatus());
        assertEquals(ErrorType.VALIDATION_ERROR, tooLarge.type());
    }
}
