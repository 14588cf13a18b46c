package dev.visage.status.testing;

import io.restassured.RestAssured;
import io.restassured.config.LogConfig;
import io.restassured.config.RestAssuredConfig;

import java.time.Duration;

/**
 * Retries an assertion until it holds or the time is up; then runs it once more, so that it fails with its own
 * message. The attempts before do not print rest-assured's request/response log; the last one does.
 */
public final class Eventually {

    private Eventually() {
    }

    public static void within(Duration limit, Runnable assertion) {
        long deadline = System.nanoTime() + limit.toNanos();
        RestAssuredConfig config = RestAssured.config();
        RestAssured.config = config.logConfig(LogConfig.logConfig());
        try {
            while (System.nanoTime() < deadline) {
                try {
                    assertion.run();
                    return;
                } catch (AssertionError | RuntimeException e) {
                    sleep();
                }
            }
        } finally {
            RestAssured.config = config;
        }
        assertion.run();
    }

    private static void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
