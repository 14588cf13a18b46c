package dev.visage.api.web;

import dev.visage.api.testing.Authorized;
import dev.visage.api.testing.WithoutInfrastructure;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

/**
 * The REST port behind TLS from the Quarkus TLS registry, plain HTTP switched off, and CORS opened for one origin,
 * all by configuration alone, as docs/security.md tells an operator to do.
 */
@QuarkusTest
@TestProfile(TransportSecurityTest.TlsAndOneOrigin.class)
class TransportSecurityTest {

    private static final String CONSOLE = "https://console.example";

    /** A self-signed certificate made by the JDK's keytool, and the settings an operator would give. */
    public static class TlsAndOneOrigin implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Path keyStore = selfSignedKeyStore();
            Map<String, String> config = new HashMap<>(new WithoutInfrastructure().getConfigOverrides());
            config.put("quarkus.tls.key-store.p12.path", keyStore.toString());
            config.put("quarkus.tls.key-store.p12.password", "test-only");
            config.put("quarkus.http.test-ssl-port", "0");
            config.put("quarkus.http.insecure-requests", "disabled");
            config.put("quarkus.http.cors.enabled", "true");
            config.put("quarkus.http.cors.origins", CONSOLE);
            return config;
        }

        @Override
        public boolean disableGlobalTestResources() {
            return true;
        }

        private static Path selfSignedKeyStore() {
            try {
                Path keyStore = Path.of("target", "tls-test", "face-api.p12").toAbsolutePath();
                Files.createDirectories(keyStore.getParent());
                Files.deleteIfExists(keyStore);
                Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool")
                        .toString(), "-genkeypair", "-alias", "face-api", "-keyalg", "EC", "-groupname", "secp256r1",
                        "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2",
                        "-storetype", "PKCS12", "-keystore", keyStore.toString(), "-storepass", "test-only")
                        .redirectErrorStream(true).start();
                String output = new String(keytool.getInputStream().readAllBytes());
                if (keytool.waitFor() != 0) {
                    throw new IllegalStateException("keytool failed: " + output);
                }
                return keyStore;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    @TestHTTPResource(value = "/", tls = true)
    URL https;

    @Test
    void theApiAnswersOverTlsWithTheSameContract() {
        RestAssured.given().relaxedHTTPSValidation().baseUri(https.toString()).basePath("")
                .when().get("q/health/live").then().statusCode(200);
        RestAssured.given().relaxedHTTPSValidation().baseUri(https.toString())
                .when().get("api/v1/subjects").then().statusCode(401)
                .body("error_type", equalTo("authentication_error"));
        Authorized.given().relaxedHTTPSValidation().baseUri(https.toString())
                .when().get("api/v1/keys/not-a-uuid").then().statusCode(404);
    }

    @Test
    void aBrowserOnTheNamedOriginMaySendKeysAndReadTheRequestIdAndNoOtherOriginMay() {
        RestAssured.given().relaxedHTTPSValidation().baseUri(https.toString())
                .header("Origin", CONSOLE)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type")
                .when().options("api/v1/verify")
                .then().header("Access-Control-Allow-Origin", equalTo(CONSOLE))
                .header("Access-Control-Allow-Headers", containsString("Authorization"));
        RestAssured.given().relaxedHTTPSValidation().baseUri(https.toString())
                .header("Origin", "https://elsewhere.example")
                .header("Access-Control-Request-Method", "POST")
                .when().options("api/v1/verify")
                .then().header("Access-Control-Allow-Origin", nullValue());
    }
}
