package dev.visage.api.gallery.rest;

import dev.visage.api.gallery.service.GalleryResults.Identification;
import dev.visage.api.gallery.service.IdentificationService;
import dev.visage.api.testing.Photos;
import dev.visage.api.testing.WithoutInfrastructure;
import io.quarkus.test.InjectMock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.mutiny.Uni;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.visage.api.testing.Authorized.given;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.when;

/** The HTTP contract of POST /api/v1/identify with identification mocked. */
@QuarkusTest
@TestProfile(WithoutInfrastructure.class)
class IdentificationResourceTest {

    @InjectMock
    IdentificationService identification;

    @Test
    void theCollectionTopKAndAllFacesReachTheService() {
        when(identification.identify(anyString(), eq("visitors"), any(), eq(3), eq(true), any(), any())).thenReturn(
                Uni.createFrom().item(new Identification(List.of(), List.of(), 0.45, "visitors", "model")));
        given().queryParam("collection", "visitors")
                .multiPart("image", "img1.jpg", Photos.shared("img1.jpg"), "image/jpeg")
                .multiPart("top_k", "3")
                .multiPart("all_faces", "true")
                .when().post("/api/v1/identify")
                .then().statusCode(200)
                .body("data.matches", empty())
                .body("data.collection", equalTo("visitors"));
    }

    @Test
    void withoutAPhotoThereIsNothingToIdentify() {
        given().multiPart("top_k", "3").when().post("/api/v1/identify")
                .then().statusCode(400).body("image", equalTo("image"));
    }
}
