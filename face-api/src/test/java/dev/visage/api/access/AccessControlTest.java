package dev.visage.api.access;

import dev.visage.api.database.DatabaseSchema;
import dev.visage.api.gallery.repository.Page;
import dev.visage.api.gallery.service.SubjectService;
import dev.visage.api.testing.Authorized;
import dev.visage.api.testing.WithoutInfrastructure;
import dev.visage.common.error.VisageException;
import io.quarkus.test.InjectMock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.smallrye.mutiny.Uni;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.mockito.AdditionalMatchers.aryEq;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** Who may call what: keys, scopes and collections at the HTTP edge, with the key store and the gallery mocked. */
@QuarkusTest
@TestProfile(WithoutInfrastructure.class)
class AccessControlTest {

    private static final String VERIFY_ONLY = "vsk_verify-only-key-for-this-test-000000000000";
    private static final String STAFF_ENROLER = "vsk_staff-enrol-key-for-this-test-0000000000000";
    private static final String REVOKED = "vsk_revoked-key-for-this-test-00000000000000000";
    private static final String EXPIRED = "vsk_expired-key-for-this-test-00000000000000000";

    @InjectMock
    ApiKeyRepository keys;

    @InjectMock
    DatabaseSchema schema;

    @InjectMock
    SubjectService subjects;

    @BeforeEach
    void keys() {
        when(schema.ensure()).thenReturn(Uni.createFrom().voidItem());
        when(keys.touch(any())).thenReturn(Uni.createFrom().voidItem());
        when(keys.findByHash(any())).thenReturn(Uni.createFrom().item(Optional.empty()));
        stored(VERIFY_ONLY, key("verify only", Set.of(Scope.VERIFY), null, null, null));
        stored(STAFF_ENROLER, key("staff enrolment", Set.of(Scope.ENROL), List.of("staff"), null, null));
        stored(REVOKED, key("revoked", Set.of(Scope.ADMIN), null, null, OffsetDateTime.now().minusDays(1)));
        stored(EXPIRED, key("expired", Set.of(Scope.ADMIN), null, OffsetDateTime.now().minusSeconds(1), null));
        when(subjects.list(anyString(), anyInt(), anyInt()))
                .thenReturn(Uni.createFrom().item(new Page<>(List.of(), 0, 50, 0)));
    }

    @Test
    void aCallWithoutAKeyIsAnswered401WithTheEnvelopeAndAChallenge() {
        given().when().get("/api/v1/subjects")
                .then().statusCode(401)
                .header("WWW-Authenticate", startsWith("Bearer"))
                .header("X-Request-Id", notNullValue())
                .body("success", equalTo(false))
                .body("error_type", equalTo("authentication_error"))
                .body("suggestion", containsString("Authorization: Bearer"));
        verify(subjects, never()).list(anyString(), anyInt(), anyInt());
    }

    @Test
    void anUnknownRevokedOrExpiredKeyIsAnswered401() {
        for (String key : List.of("vsk_nobody-knows-this-key", REVOKED, EXPIRED)) {
            given().header("Authorization", "Bearer " + key).when().get("/api/v1/subjects")
                    .then().statusCode(401).body("error_type", equalTo("authentication_error"));
        }
        given().header("Authorization", "Basic dXNlcjpwYXNz").when().get("/api/v1/subjects")
                .then().statusCode(401).body("error_type", equalTo("authentication_error"));
    }

    @Test
    void theKeyMayComeAsBearerOrInXApiKey() {
        given().header("X-API-Key", STAFF_ENROLER).queryParam("collection", "staff")
                .when().get("/api/v1/subjects").then().statusCode(200);
        given().header("Authorization", "bearer " + STAFF_ENROLER).queryParam("collection", "staff")
                .when().get("/api/v1/subjects").then().statusCode(200);
    }

    @Test
    void aKeyWithoutTheScopeIsAnswered403NamingTheScope() {
        given().header("Authorization", "Bearer " + VERIFY_ONLY).when().get("/api/v1/subjects")
                .then().statusCode(403)
                .body("error_type", equalTo("permission_denied"))
                .body("details", containsString("enrol"));
        given().header("Authorization", "Bearer " + STAFF_ENROLER).contentType(ContentType.JSON)
                .body(Map.of("name", "x", "scopes", List.of("verify")))
                .when().post("/api/v1/keys").then().statusCode(403).body("error_type", equalTo("permission_denied"));
    }

    @Test
    void aKeyRestrictedToCollectionsIsRefusedElsewhereAlikeForWhatExistsAndWhatDoesNot() {
        String existing = given().header("Authorization", "Bearer " + STAFF_ENROLER)
                .queryParam("collection", "visitors")
                .when().get("/api/v1/subjects/" + UUID.randomUUID())
                .then().statusCode(403).body("error_type", equalTo("permission_denied")).extract().path("error");
        given().header("Authorization", "Bearer " + STAFF_ENROLER)
                .when().get("/api/v1/subjects")
                .then().statusCode(403).body("error", equalTo(existing));
        verify(subjects, never()).get(anyString(), any());
        given().header("Authorization", "Bearer " + STAFF_ENROLER).queryParam("collection", "staff")
                .when().get("/api/v1/subjects").then().statusCode(200);
        verify(subjects).list(eq("staff"), anyInt(), anyInt());
    }

    @Test
    void aKeyStoreThatCannotBeAskedIsTheServersFailureNotTheClients() {
        when(keys.findByHash(any())).thenReturn(Uni.createFrom().failure(
                VisageException.database("authenticate_key", "connection refused", "Check PostgreSQL.")));
        given().header("Authorization", "Bearer vsk_some-key-while-postgres-is-down")
                .when().get("/api/v1/subjects")
                .then().statusCode(503).body("error_type", equalTo("database_error"));
    }

    @Test
    void probesStatusAndTheApiDescriptionStayOpen() {
        RestAssured.given().when().get("/q/health/live").then().statusCode(200);
        RestAssured.given().when().get("/q/openapi").then().statusCode(200);
    }

    @Test
    void theApiDescriptionNamesTheAccessAnswersOfEveryOperation() {
        var doc = RestAssured.given().queryParam("format", "json").when().get("/q/openapi").then().statusCode(200);
        for (String path : List.of("'/api/v1/verify'.post", "'/api/v1/subjects'.get", "'/api/v1/keys'.post",
                "'/api/v1/audit'.get", "'/api/v1/identify'.post")) {
            for (String status : List.of("401", "403", "429")) {
                doc.body("paths." + path + ".responses.'" + status + "'.description", notNullValue());
            }
        }
    }

    @Test
    void anAdministratorCreatesAKeyThatIsShownOnceAndStoredOnlyAsAHash() {
        when(keys.insert(any(), eq("kiosk"), any(), anyString(), eq(Set.of(Scope.VERIFY)), eq(List.of("lobby")),
                eq(5.0), eq(10), any())).thenAnswer(call -> Uni.createFrom().item(new ApiKey(call.getArgument(0),
                "kiosk", call.getArgument(3), Set.of(Scope.VERIFY), List.of("lobby"), 5.0, 10,
                OffsetDateTime.now(), null, null, null)));
        String key = Authorized.given().contentType(ContentType.JSON)
                .body(Map.of("name", "kiosk", "scopes", List.of("verify"), "collections", List.of("lobby"),
                        "requests_per_second", 5, "burst", 10))
                .when().post("/api/v1/keys")
                .then().statusCode(201)
                .body("data.name", equalTo("kiosk"))
                .body("data.scopes", hasSize(1))
                .body("data.revoked_at", nullValue())
                .extract().path("data.key");
        Authorized.given().contentType(ContentType.JSON)
                .body(Map.of("name", "x", "scopes", List.of("superuser")))
                .when().post("/api/v1/keys").then().statusCode(400).body("error_type", equalTo("validation_error"));
        Authorized.given().contentType(ContentType.JSON)
                .body(Map.of("name", "x", "scopes", List.of()))
                .when().post("/api/v1/keys").then().statusCode(400).body("error_type", equalTo("validation_error"));
        org.junit.jupiter.api.Assertions.assertTrue(key.startsWith("vsk_") && key.length() == 47, key);
        verify(keys).insert(any(), eq("kiosk"), aryEq(ApiKeyService.sha256(key)), eq(key.substring(0, 12)), any(),
                any(), any(), any(), any());
    }

    private void stored(String secret, ApiKey key) {
        when(keys.findByHash(aryEq(ApiKeyService.sha256(secret)))).thenReturn(Uni.createFrom().item(Optional.of(key)));
    }

    private static ApiKey key(String name, Set<Scope> scopes, List<String> collections, OffsetDateTime expiresAt,
                              OffsetDateTime revokedAt) {
        return new ApiKey(UUID.randomUUID(), name, "vsk_test", scopes, collections, null, null,
                OffsetDateTime.now().minusDays(2), null, expiresAt, revokedAt);
    }
}
