package dev.visage.status;

import dev.visage.status.testing.Eventually;
import dev.visage.status.testing.KafkaProcessStack;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * Kafka stops: a real broker process, stopped and started again while status-service keeps running.
 * Kafka is critical for the background document; Redis and PostgreSQL stay healthy.
 */
@QuarkusTest
@WithTestResource(KafkaProcessStack.class)
class KafkaOutageIT {

    @AfterEach
    void brokerBack() {
        KafkaProcessStack.broker().start();
    }

    @Test
    void kafkaDownMakesTheBackgroundUnhealthyAndItRecoversWhenTheBrokerIsBack() {
        Eventually.within(Duration.ofSeconds(30), () -> given().get("/background/status/").then().statusCode(200)
                .body("data.overall_status", equalTo("healthy")));

        KafkaProcessStack.broker().stop();

        Eventually.within(Duration.ofSeconds(15), () -> given().get("/background/status/").then().statusCode(200)
                .body("data.overall_status", equalTo("unhealthy"))
                .body("data.services.kafka.healthy", equalTo(false))
                .body("data.services.kafka.status", equalTo("error"))
                .body("data.services.kafka.error_type", equalTo("service_unavailable"))
                .body("data.services.kafka.error", containsString("Kafka Message Broker service is not available"))
                .body("data.services.kafka.suggestion", containsString("KAFKA_BOOTSTRAP_SERVERS"))
                .body("data.services.redis.healthy", equalTo(true))
                .body("data.services.database.healthy", equalTo(true)));
        given().get("/background/health/").then().statusCode(503)
                .body("data.unhealthy_services", org.hamcrest.Matchers.hasItem("kafka"));

        KafkaProcessStack.broker().start();

        Eventually.within(Duration.ofSeconds(30), () -> given().get("/background/status/").then().statusCode(200)
                .body("data.overall_status", equalTo("healthy"))
                .body("data.services.kafka.details.brokers", equalTo(1)));
        given().get("/background/health/").then().statusCode(200);
        Eventually.within(Duration.ofSeconds(10), () ->
                given().get("/face-verification/health/").then().statusCode(200));
    }
}
