package dev.visage.status.kafka;

import dev.visage.common.messaging.KafkaConnection;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.util.Map;

/** status-service's way to the brokers, from its {@code kafka.*} configuration as Quarkus collects it. */
public class KafkaConnectionProducer {

    @Produces
    @Singleton
    KafkaConnection kafkaConnection(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) {
        return KafkaConnection.of(kafkaConfig);
    }
}
