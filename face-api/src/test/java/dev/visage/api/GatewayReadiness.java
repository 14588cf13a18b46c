package dev.visage.api;

import io.restassured.RestAssured;

/** Waits until the gateway reads every reply partition, so the first test request cannot lose its answer. */
final class GatewayReadiness {

    private GatewayReadiness() {
    }

    static void await() {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (RestAssured.given().get("/q/health/ready").statusCode() == 200) {
                return;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new IllegalStateException("face-api not ready within 60 s: "
                + RestAssured.given().get("/q/health/ready").asString());
    }
}
