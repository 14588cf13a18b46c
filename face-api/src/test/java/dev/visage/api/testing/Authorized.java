package dev.visage.api.testing;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;

/**
 * Requests as an administrator: the fixed bootstrap key of the test profile ({@code %test.visage.auth.bootstrap-key}).
 * Tests of access control itself build their requests with {@link RestAssured#given()} and the key they mean.
 */
public final class Authorized {

    /** The test profile's bootstrap administrator key; never used outside tests. */
    public static final String ADMIN_KEY = "test-bootstrap-admin-key-not-a-secret-0123456789";
    public static final String HEADER_LINE = "Authorization: Bearer " + ADMIN_KEY + "\r\n";

    private Authorized() {
    }

    public static RequestSpecification given() {
        return RestAssured.given().header("Authorization", "Bearer " + ADMIN_KEY);
    }
}
