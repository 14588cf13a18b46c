package dev.visage.status;

import dev.visage.status.testing.StatusStack;
import dev.visage.testing.MonitoringQueries;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The dependency metrics the alert rules and dashboard query are the ones status-service exports. */
@QuarkusTest
@WithTestResource(StatusStack.class)
class MetricsExportIT {

    @Test
    void everyQueriedStatusMetricIsExported() {
        given().get("/face-verification/status/").then().statusCode(200);
        given().get("/background/status/").then().statusCode(200);

        String scrape = "\n" + given().get("/q/metrics").then().statusCode(200).extract().asString();

        var missing = MonitoringQueries.missingFrom(scrape, List.of("visage_dependency_", "visage_status_"));
        assertTrue(missing.isEmpty(), "queried by deploy/monitoring but not exported: " + missing);
    }
}
