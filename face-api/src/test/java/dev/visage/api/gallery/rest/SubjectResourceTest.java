package dev.visage.api.gallery.rest;

import dev.visage.api.gallery.repository.Page;
import dev.visage.api.gallery.service.EnrolmentService;
import dev.visage.api.gallery.service.GalleryResults.Deletion;
import dev.visage.api.gallery.service.GalleryResults.Enrolment;
import dev.visage.api.gallery.service.GalleryResults.SubjectView;
import dev.visage.api.gallery.service.IdentificationService;
import dev.visage.api.gallery.service.SubjectService;
import dev.visage.api.testing.Photos;
import dev.visage.api.testing.WithoutInfrastructure;
import dev.visage.common.error.VisageException;
import dev.visage.common.messaging.FaceData;
import io.quarkus.test.InjectMock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.smallrye.mutiny.Uni;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.visage.api.testing.Authorized.given;
import static org.hamcrest.Matchers.equalTo;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

/** The HTTP contract of /api/v1/subjects with the gallery services mocked. */
@QuarkusTest
@TestProfile(WithoutInfrastructure.class)
class SubjectResourceTest {

    private static final UUID SUBJECT = UUID.fromString("0b5ad1f6-1a49-4f3b-9d59-0d4f4b3a9c11");
    private static final UUID FACE = UUID.fromString("6f1f7d2e-7c0a-4d55-8f0e-3c2a1b0d9e88");

    @InjectMock
    SubjectService subjects;

    @InjectMock
    EnrolmentService enrolment;

    @InjectMock
    IdentificationService identification;

    @Test
    void creatingASubjectAnswers201InTheNamedCollection() {
        when(subjects.create(eq("staff"), eq("e-1"), eq("Ada"), any())).thenReturn(Uni.createFrom().item(
                new SubjectView(SUBJECT, "staff", "e-1", "Ada", Map.of(), null, null, null, null)));
        given().contentType(ContentType.JSON).queryParam("collection", "staff")
                .body(Map.of("external_id", "e-1", "name", "Ada"))
                .when().post("/api/v1/subjects")
                .then().statusCode(201)
                .body("data.id", equalTo(SUBJECT.toString()))
                .body("data.collection", equalTo("staff"));
    }

    @Test
    void anExistingExternalIdIsAConflict() {
        when(subjects.create(anyString(), any(), any(), any())).thenReturn(Uni.createFrom().failure(
                VisageException.conflict("A subject with external_id e-1 already exists in default",
                        "external_id=e-1", "Use the existing subject, or delete it first.")));
        given().contentType(ContentType.JSON).body(Map.of("external_id", "e-1"))
                .when().post("/api/v1/subjects")
                .then().statusCode(409).body("error_type", equalTo("validation_error"));
    }

    @Test
    void listingPagesAreBounded() {
        when(subjects.list("default", 0, 50)).thenReturn(Uni.createFrom().item(new Page<>(List.of(), 0, 50, 0)));
        given().when().get("/api/v1/subjects").then().statusCode(200).body("data.total", equalTo(0));
        given().queryParam("limit", 501).when().get("/api/v1/subjects")
                .then().statusCode(400).body("error_type", equalTo("validation_error"));
        verify(subjects, never()).list(anyString(), anyInt(), eq(501));
    }

    @Test
    void anIdThatIsNotAUuidIsNotFound() {
        given().when().get("/api/v1/subjects/not-a-uuid")
                .then().statusCode(404)
                .body("error_type", equalTo("validation_error"))
                .body("details", equalTo("id=not-a-uuid"));
        verifyNoInteractions(subjects);
    }

    @Test
    void anInvalidCollectionNameIsRefusedBeforeAnyLookup() {
        given().queryParam("collection", "no spaces please").when().get("/api/v1/subjects/" + SUBJECT)
                .then().statusCode(400).body("details", equalTo("collection=no spaces please"));
        verifyNoInteractions(subjects);
    }

    @Test
    void enrolmentHandsOverThePhotoTheFaceIndexAndTheIdempotencyKey() {
        FaceData.Box box = new FaceData.Box(1, 2, 100, 120);
        when(enrolment.enrol(anyString(), eq("default"), eq(SUBJECT), any(), eq(1), eq("key-1"), any(), eq(false)))
                .thenReturn(Uni.createFrom().item(new Enrolment(FACE, SUBJECT, "default", 2, 1, 0.9, 100, 120, box, null, null)));
        given().header("Idempotency-Key", "key-1")
                .multiPart("image", "couple.jpg", Photos.shared("img1.jpg"), "image/jpeg")
                .multiPart("face_index", "1")
                .when().post("/api/v1/subjects/" + SUBJECT + "/faces")
                .then().statusCode(201)
                .body("data.face_id", equalTo(FACE.toString()))
                .body("data.face_index", equalTo(1));
    }

    @Test
    void deletingAFaceAnswersWhatWasDeleted() {
        when(subjects.deleteFace("default", SUBJECT, FACE))
                .thenReturn(Uni.createFrom().item(new Deletion(FACE, true, true)));
        given().when().delete("/api/v1/subjects/" + SUBJECT + "/faces/" + FACE)
                .then().statusCode(200).body("data.deleted", equalTo(true));
    }

    @Test
    void anUnknownSubjectIsNotFound() {
        when(subjects.get("default", SUBJECT)).thenReturn(Uni.createFrom().failure(VisageException.notFound(
                "No subject " + SUBJECT + " in collection default", "subject_id=" + SUBJECT, "Check the id.")));
        given().when().get("/api/v1/subjects/" + SUBJECT)
                .then().statusCode(404).body("error_type", equalTo("validation_error"));
    }
}
