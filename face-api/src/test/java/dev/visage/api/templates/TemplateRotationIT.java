package dev.visage.api.templates;

import dev.visage.api.testing.GatewayReadiness;
import dev.visage.api.testing.Photos;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static dev.visage.api.testing.Authorized.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * A key rotation while face-api serves: templates sealed with the previous key and templates stored in the clear
 * keep working, and re-encryption moves them onto the new active key in PostgreSQL.
 */
@QuarkusTest
@TestProfile(TemplateRotationIT.Rotated.class)
class TemplateRotationIT {

    /** The test profile's keys with "rotated" made the active one, as an operator does to rotate. */
    public static class Rotated implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("visage.templates.active-key", "rotated", "visage.templates.reencrypt-batch", "50");
        }
    }

    @Inject
    Pool pool;

    @Inject
    TemplateCipher cipher;

    @Test
    void oldAndClearTemplatesKeepWorkingAndAreMovedOntoTheNewKey() throws InterruptedException {
        GatewayReadiness.await();
        awaitStartupPass();
        String collection = "rotation-" + UUID.randomUUID().toString().substring(0, 8);
        String subject = given().contentType(ContentType.JSON).body(Map.of("name", "rita"))
                .queryParam("collection", collection).post("/api/v1/subjects")
                .then().statusCode(201).extract().path("data.id");
        UUID sealedWithOldKey = enrol(collection, subject, "img1.jpg");
        UUID storedInClear = enrol(collection, subject, "img4.jpg");
        Row row = stored(sealedWithOldKey);
        assertEquals("rotated", row.getString("key_id"), "new templates are sealed with the active key");

        float[] first = cipher.open(sealedWithOldKey, sealed(row));
        TemplateCipher previous = new TemplateCipher(new FixedKeys("test"));
        TemplateCipher.Sealed old = previous.seal(sealedWithOldKey, first);
        update(sealedWithOldKey, old.bytes(), "test");
        float[] second = cipher.open(storedInClear, sealed(stored(storedInClear)));
        update(storedInClear, TemplateCipher.toBytes(second), null);

        verifySubject(collection, subject);
        given().get("/api/v1/templates").then().statusCode(200)
                .body("data.templates_by_key.test", equalTo(1))
                .body("data.templates_in_clear", equalTo(1));

        given().post("/api/v1/templates/reencryption").then().statusCode(200)
                .body("data.active_key", equalTo("rotated"))
                .body("data.reencrypted", equalTo(2))
                .body("data.templates_in_clear", equalTo(0));
        assertEquals("rotated", stored(sealedWithOldKey).getString("key_id"));
        assertEquals("rotated", stored(storedInClear).getString("key_id"));
        assertNotEquals(TemplateCipher.toBytes(second).length, stored(storedInClear).getBuffer("embedding").length(),
                "no longer float32 in the clear");
        verifySubject(collection, subject);
    }

    /** The pass face-api starts by itself moves whatever other tests stored onto the active key first. */
    private void awaitStartupPass() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            Map<String, Object> report = given().get("/api/v1/templates").then().statusCode(200)
                    .extract().path("data");
            Map<?, ?> byKey = (Map<?, ?>) report.get("templates_by_key");
            if (((Number) report.get("templates_in_clear")).longValue() == 0
                    && byKey.keySet().stream().allMatch("rotated"::equals)) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the start-up re-encryption did not finish within 60 s");
    }

    private UUID enrol(String collection, String subject, String photo) {
        return UUID.fromString(given().queryParam("collection", collection)
                .multiPart("image", photo, Photos.shared(photo), "image/jpeg")
                .post("/api/v1/subjects/" + subject + "/faces")
                .then().statusCode(201).extract().path("data.face_id"));
    }

    private void verifySubject(String collection, String subject) {
        given().queryParam("collection", collection)
                .multiPart("image", "img2.jpg", Photos.shared("img2.jpg"), "image/jpeg")
                .post("/api/v1/subjects/" + subject + "/verify")
                .then().statusCode(200).body("data.verified", equalTo(true))
                .body("data.compared_faces", equalTo(2));
    }

    private Row stored(UUID face) {
        return pool.preparedQuery("SELECT key_id, embedding FROM faces WHERE id = $1").execute(Tuple.of(face))
                .await().indefinitely().iterator().next();
    }

    private static TemplateCipher.Sealed sealed(Row row) {
        return new TemplateCipher.Sealed(row.getString("key_id"), row.getBuffer("embedding").getBytes());
    }

    private void update(UUID face, byte[] bytes, String keyId) {
        int updated = pool.preparedQuery("UPDATE faces SET embedding = $1, key_id = $2 WHERE id = $3")
                .execute(Tuple.tuple().addBuffer(Buffer.buffer(bytes)).addString(keyId).addUUID(face))
                .await().indefinitely().rowCount();
        assertEquals(1, updated);
    }

    /** The test profile's keys with another one active: a face-api from before the rotation. */
    private record FixedKeys(String active) implements TemplateConfig {
        @Override
        public Optional<String> keys() {
            return Optional.of(ConfigProvider.getConfig()
                    .getValue("visage.templates.keys", String.class));
        }

        @Override
        public Optional<String> activeKey() {
            return Optional.of(active);
        }

        @Override
        public boolean encrypted() {
            return true;
        }

        @Override
        public int reencryptBatch() {
            return 50;
        }
    }
}
