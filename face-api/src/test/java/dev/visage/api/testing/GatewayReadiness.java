package dev.visage.api.testing;

import io.restassured.RestAssured;
import io.restassured.response.Response;

/** Waits until the gateway is ready, so the first test request cannot lose its answer. */
public final class GatewayReadiness {

    private GatewayReadiness() {
    }

    /** Every readiness check is up: Kafka, PostgreSQL, the index, a worker, the reply partitions. */
    public static void await() {
        awaitUntil("all readiness checks", response -> response.statusCode() == 200);
    }

    /** Only the named check is up, for tests that run without some dependency on purpose. */
    public static void awaitCheck(String name) {
        awaitCheck(name, "UP");
    }

    /** The named check reports {@code status} (UP or DOWN). */
    public static void awaitCheck(String name, String status) {
        awaitUntil(name + " " + status, response -> status.equals(
                response.jsonPath().getString("checks.find { it.name == '" + name + "' }.status")));
    }

    private static void awaitUntil(String what, java.util.function.Predicate<Response> condition) {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (condition.test(RestAssured.given().get("/q/health/ready"))) {
                return;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new IllegalStateException("face-api: " + what + " not reached within 60 s: "
                + RestAssured.given().get("/q/health/ready").asString());
    }
}
