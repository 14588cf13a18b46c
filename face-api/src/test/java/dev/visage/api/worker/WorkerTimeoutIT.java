package dev.visage.api.worker;

import dev.visage.api.testing.GatewayReadiness;
import dev.visage.api.testing.Photos;
import dev.visage.common.messaging.KafkaContract;
import dev.visage.testing.InProcessKafka;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThan;

/**
 * No worker consumes the requests (as when every worker has died): the caller gets a typed 503 once the
 * configured wait is over, instead of hanging.
 */
@QuarkusTest
@TestProfile(WorkerTimeoutIT.NoWorker.class)
class WorkerTimeoutIT {

    public static class NoWorker implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("visage.api.worker.request-topic", KafkaContract.REQUEST_TOPIC + ".unserved",
                    "visage.api.worker.timeout", "2s");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(BrokerOnly.class));
        }

        @Override
        public boolean disableGlobalTestResources() {
            return true;
        }
    }

    public static class BrokerOnly implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            return Map.of("kafka.bootstrap.servers", InProcessKafka.shared().bootstrapServers());
        }

        @Override
        public void stop() {
        }
    }

    @BeforeEach
    void gatewayIsReady() {
        GatewayReadiness.awaitCheck("embedding-replies");
    }

    @Test
    void aRequestNobodyAnswersEndsInServiceUnavailable() {
        long start = System.currentTimeMillis();
        given().multiPart("image1", "img1.jpg", Photos.shared("img1.jpg"), "image/jpeg")
                .multiPart("image2", "img2.jpg", Photos.shared("img2.jpg"), "image/jpeg")
                .when().post("/api/v1/verify")
                .then().statusCode(503)
                .body("error_type", equalTo("service_unavailable"))
                .body("service", equalTo("Embedding Worker"));
        org.hamcrest.MatcherAssert.assertThat(System.currentTimeMillis() - start, lessThan(10_000L));
    }
}
