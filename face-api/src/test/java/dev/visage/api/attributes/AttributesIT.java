package dev.visage.api.attributes;

import dev.visage.api.testing.GatewayReadiness;
import dev.visage.api.testing.Photos;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static dev.visage.api.testing.Authorized.given;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.both;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

/** Face attributes through the real worker: only when asked for, only those asked for, never a decision. */
@QuarkusTest
class AttributesIT {

    @BeforeEach
    void ready() {
        GatewayReadiness.await();
    }

    @Test
    void detectionReportsTheAttributesAskedFor() {
        given().queryParam("attributes", "age,gender,pose,eyes")
                .multiPart("image", "img1.jpg", Photos.uncached("img1.jpg", UUID.randomUUID().toString()), "image/jpeg")
                .post("/api/v1/detect").then().statusCode(200)
                .body("data.faces[0].attributes.age.years", both(greaterThan(10f)).and(lessThan(90f)))
                .body("data.faces[0].attributes.age.model", containsString("fr_age"))
                .body("data.faces[0].attributes.gender.value", anyOf(equalTo("female"), equalTo("male")))
                .body("data.faces[0].attributes.pose.yaw", both(greaterThan(-30f)).and(lessThan(30f)))
                .body("data.faces[0].attributes.eyes.right_open", equalTo(true))
                .body("data.faces[0].attributes.eyes.left_open", equalTo(true))
                .body("data.timing_ms.attributes", notNullValue());
    }

    @Test
    void onlyTheAskedForAttributesAreEstimated() {
        given().queryParam("attributes", "pose")
                .multiPart("image1", "img1.jpg", Photos.shared("img1.jpg"), "image/jpeg")
                .multiPart("image2", "img2.jpg", Photos.shared("img2.jpg"), "image/jpeg")
                .post("/api/v1/verify").then().statusCode(200)
                .body("data.faces[0].face.attributes.pose.roll", notNullValue())
                .body("data.faces[0].face.attributes.age", nullValue());
        given().multiPart("image", "img1.jpg", Photos.shared("img1.jpg"), "image/jpeg")
                .post("/api/v1/detect").then().statusCode(200)
                .body("data.faces[0].attributes", nullValue());
    }

    @Test
    void anUnknownAttributeIsAValidationError() {
        given().queryParam("attributes", "age,mood")
                .multiPart("image", "img1.jpg", Photos.shared("img1.jpg"), "image/jpeg")
                .post("/api/v1/detect").then().statusCode(400)
                .body("error_type", equalTo("validation_error"))
                .body("details", containsString("unknown attribute 'mood'"));
    }
}
