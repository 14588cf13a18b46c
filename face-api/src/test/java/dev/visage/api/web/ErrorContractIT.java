package dev.visage.api.web;

import dev.visage.api.testing.Authorized;
import dev.visage.api.testing.GatewayReadiness;
import dev.visage.api.testing.Photos;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

import static dev.visage.api.testing.Authorized.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every failure is the typed error envelope with a fitting status, never a bare error page or stack trace. */
@QuarkusTest
class ErrorContractIT {

    @TestHTTPResource("/api/v1/verify")
    URI verifyUri;

    @BeforeEach
    void gatewayIsReady() {
        GatewayReadiness.await();
    }

    @Test
    void aTextFileIsNotAPhoto() {
        given().multiPart("image1", "img1.jpg", Photos.shared("img1.jpg"), "image/jpeg")
                .multiPart("image2", "notes.txt", "hello, I am not a photo".getBytes(StandardCharsets.UTF_8),
                        "text/plain")
                .when().post("/api/v1/verify")
                .then().statusCode(415)
                .body("error_type", equalTo("validation_error"))
                .body("image", equalTo("image2"))
                .body("suggestion", notNullValue());
    }

    @Test
    void corruptPixelDataIsRefusedByTheWorkerAsUndecodable() {
        given().multiPart("image1", "broken.png", Photos.corruptPng(), "image/png")
                .multiPart("image2", "img1.jpg", Photos.shared("img1.jpg"), "image/jpeg")
                .when().post("/api/v1/verify")
                .then().statusCode(400)
                .body("error_type", equalTo("validation_error"))
                .body("image", equalTo("image1"))
                .body("error", containsString("could not be decoded"));
    }

    @Test
    void randomBytesAreNotAPhoto() {
        byte[] junk = new byte[5000];
        Arrays.fill(junk, (byte) 0x5A);
        given().multiPart("image1", "junk.jpg", junk, "image/jpeg")
                .multiPart("image2", "img1.jpg", Photos.shared("img1.jpg"), "image/jpeg")
                .when().post("/api/v1/verify")
                .then().statusCode(415)
                .body("image", equalTo("image1"));
    }

    @Test
    void anEmptyPartIsAValidationError() {
        given().multiPart("image1", "img1.jpg", Photos.shared("img1.jpg"), "image/jpeg")
                .multiPart("image2", "empty.jpg", new byte[0], "image/jpeg")
                .when().post("/api/v1/verify")
                .then().statusCode(400)
                .body("error_type", equalTo("validation_error"))
                .body("error", equalTo("The photo image2 is empty"));
    }

    @Test
    void aMissingPartIsAValidationError() {
        given().multiPart("image1", "img1.jpg", Photos.shared("img1.jpg"), "image/jpeg")
                .when().post("/api/v1/verify")
                .then().statusCode(400)
                .body("error", equalTo("The photo image2 is missing"));
    }

    @Test
    void anOversizedUploadIsRefusedWith413() {
        byte[] huge = Arrays.copyOf(Photos.shared("img1.jpg"), 11 * 1024 * 1024);
        given().multiPart("image1", "huge.jpg", huge, "image/jpeg")
                .multiPart("image2", "img1.jpg", Photos.shared("img1.jpg"), "image/jpeg")
                .when().post("/api/v1/verify")
                .then().statusCode(413)
                .body("error_type", equalTo("validation_error"))
                .body("image", equalTo("image1"));
    }

    @Test
    void aBodyBeyondTheServerLimitStillGetsTheEnvelope() throws Exception {
        // Declares a 40 MiB body and waits, as curl does with Expect: 100-continue: the server refuses at once.
        try (Socket socket = new Socket(verifyUri.getHost(), verifyUri.getPort())) {
            socket.setSoTimeout(10_000);
            String head = "POST " + verifyUri.getPath() + " HTTP/1.1\r\n"
                    + "Host: " + verifyUri.getHost() + ":" + verifyUri.getPort() + "\r\n"
                    + "Content-Type: application/json\r\n"
                    + Authorized.HEADER_LINE
                    + "Content-Length: " + (40 * 1024 * 1024) + "\r\n"
                    + "Expect: 100-continue\r\n\r\n";
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();

            String response = readResponse(socket.getInputStream());

            assertTrue(response.startsWith("HTTP/1.1 413"), response);
            assertTrue(response.contains("\"error_type\":\"validation_error\""), response);
        }
    }

    /** Reads one response by its Content-Length; the server keeps the socket open for the body it refused. */
    private static String readResponse(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
        }
        String headers = head.toString(StandardCharsets.US_ASCII);
        int length = headers.lines().filter(l -> l.toLowerCase(Locale.ROOT).startsWith("content-length:"))
                .map(l -> Integer.parseInt(l.substring(l.indexOf(':') + 1).strip())).findFirst().orElse(0);
        return headers + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    @Test
    void aThresholdOutsideZeroToOneIsRefused() {
        given().multiPart("image1", "img1.jpg", Photos.shared("img1.jpg"), "image/jpeg")
                .multiPart("image2", "img2.jpg", Photos.shared("img2.jpg"), "image/jpeg")
                .multiPart("threshold", "1.5")
                .when().post("/api/v1/verify")
                .then().statusCode(400)
                .body("error_type", equalTo("validation_error"));
    }

    @Test
    void invalidBase64AndInvalidJsonAreValidationErrors() {
        given().contentType(ContentType.JSON).body(Map.of("image1", "%%%not base64%%%", "image2", "x"))
                .when().post("/api/v1/verify")
                .then().statusCode(400)
                .body("error_type", equalTo("validation_error"))
                .body("image", equalTo("image1"));
        given().contentType(ContentType.JSON).body("{\"image1\": ")
                .when().post("/api/v1/verify")
                .then().statusCode(400)
                .body("error_type", equalTo("validation_error"));
    }

    @Test
    void anUnsupportedContentTypeIs415WithTheEnvelope() {
        given().contentType(ContentType.TEXT).body("image1=x")
                .when().post("/api/v1/verify")
                .then().statusCode(415)
                .body("success", equalTo(false))
                .body("error_type", equalTo("validation_error"));
    }

    @Test
    void anUnknownPathIsAnEnvelopeToo() {
        given().when().get("/api/v1/nothing-here")
                .then().statusCode(404)
                .body("success", equalTo(false))
                .body("error", not(containsString("Exception")));
    }
}
