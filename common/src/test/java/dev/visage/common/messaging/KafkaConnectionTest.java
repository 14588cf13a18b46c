package dev.visage.common.messaging;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class KafkaConnectionTest {

    @Test
    void takesTheConnectionSettingsAndLeavesTheRest() {
        KafkaConnection connection = KafkaConnection.of(Map.of("bootstrap.servers", "kafka:9093",
                "security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-512",
                "ssl.truststore.location", "/etc/kafka/ca.p12", "health.enabled", "true", "group.id", "x"));
        assertEquals(Map.of("bootstrap.servers", "kafka:9093", "security.protocol", "SASL_SSL",
                "sasl.mechanism", "SCRAM-SHA-512", "ssl.truststore.location", "/etc/kafka/ca.p12"),
                connection.properties());
        assertEquals(Map.of("bootstrap.servers", "kafka:9093", "security.protocol", "SASL_SSL",
                "sasl.mechanism", "SCRAM-SHA-512", "ssl.truststore.location", "/etc/kafka/ca.p12",
                "client.id", "c"), connection.with(Map.of("client.id", "c")));
    }

    @Test
    void withoutBootstrapServersThereIsNoConnection() {
        assertThrows(IllegalArgumentException.class, () -> KafkaConnection.of(Map.of("security.protocol", "SSL")));
    }
}
