package dev.visage.api.quality;

import dev.visage.api.testing.GatewayReadiness;
import dev.visage.api.testing.Photos;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.UUID;

import static dev.visage.api.testing.Authorized.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

/** Quality through the real worker: every described face carries it, and enrolment refuses a poor face by default. */
@QuarkusTest
class QualityIT {

    private String collection;

    @BeforeEach
    void ready() {
        GatewayReadiness.await();
        collection = "quality-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void everyDescribedFaceCarriesItsQuality() {
        given().multiPart("image", "img1.jpg", Photos.shared("img1.jpg"), "image/jpeg")
                .post("/api/v1/detect").then().statusCode(200)
                .body("data.faces[0].quality.for_recognition", equalTo("high"))
                .body("data.faces[0].quality.sharpness", notNullValue())
                .body("data.faces[0].quality.inter_eye_distance", notNullValue());
        given().multiPart("image1", "img1.jpg", Photos.shared("img1.jpg"), "image/jpeg")
                .multiPart("image2", "img2.jpg", Photos.shared("img2.jpg"), "image/jpeg")
                .post("/api/v1/verify").then().statusCode(200)
                .body("data.faces[1].face.quality.for_recognition", equalTo("high"));
    }

    @Test
    void aTinyFaceIsRefusedForEnrolmentUnlessTheCallerAcceptsItsQuality() {
        byte[] tiny = shrunk(Photos.shared("img1.jpg"), 110);
        String subject = given().contentType(ContentType.JSON).body(Map.of("name", "tiny"))
                .queryParam("collection", collection).post("/api/v1/subjects")
                .then().statusCode(201).extract().path("data.id");

        given().queryParam("collection", collection).multiPart("image", "tiny.jpg", tiny, "image/jpeg")
                .post("/api/v1/subjects/" + subject + "/faces")
                .then().statusCode(422)
                .body("error_type", equalTo("face_detection_error"))
                .body("image", equalTo("image"))
                .body("details", containsString("SMALL_BOUNDING_BOX"))
                .body("suggestion", containsString("Move closer"));
        given().queryParam("collection", collection).queryParam("quality", "best")
                .multiPart("image", "tiny.jpg", tiny, "image/jpeg")
                .post("/api/v1/subjects/" + subject + "/faces")
                .then().statusCode(400).body("error_type", equalTo("validation_error"));
        given().queryParam("collection", collection).queryParam("quality", "none")
                .multiPart("image", "tiny.jpg", tiny, "image/jpeg")
                .post("/api/v1/subjects/" + subject + "/faces")
                .then().statusCode(201)
                .body("data.quality.for_recognition", equalTo("low"))
                .body("data.quality.reasons", hasItem("SMALL_BOUNDING_BOX"));
    }

    @Test
    void verifyAndIdentifyReportQualityAndRefuseOnlyWhenAsked() {
        byte[] tiny = shrunk(Photos.shared("img1.jpg"), 110);
        given().multiPart("image1", "img1.jpg", Photos.shared("img1.jpg"), "image/jpeg")
                .multiPart("image2", "tiny.jpg", tiny, "image/jpeg")
                .post("/api/v1/verify").then().statusCode(200)
                .body("data.faces[1].face.quality.for_recognition", equalTo("low"));
        given().queryParam("quality", "medium")
                .multiPart("image1", "img1.jpg", Photos.shared("img1.jpg"), "image/jpeg")
                .multiPart("image2", "tiny.jpg", tiny, "image/jpeg")
                .post("/api/v1/verify").then().statusCode(422)
                .body("error_type", equalTo("face_detection_error")).body("image", equalTo("image2"));
        given().queryParam("collection", collection).queryParam("quality", "high")
                .multiPart("image", "tiny.jpg", tiny, "image/jpeg")
                .post("/api/v1/identify").then().statusCode(422)
                .body("error_type", equalTo("face_detection_error"));
        given().queryParam("collection", collection)
                .multiPart("image", "tiny.jpg", tiny, "image/jpeg")
                .post("/api/v1/identify").then().statusCode(200)
                .body("data.faces[0].face.quality.for_recognition", equalTo("low"));
    }

    /** The photo scaled down to the given width, as a JPEG. */
    private static byte[] shrunk(byte[] jpeg, int width) {
        try {
            BufferedImage original = ImageIO.read(new ByteArrayInputStream(jpeg));
            int height = original.getHeight() * width / original.getWidth();
            BufferedImage small = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = small.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(original, 0, 0, width, height, null);
            g.dispose();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(small, "jpg", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
