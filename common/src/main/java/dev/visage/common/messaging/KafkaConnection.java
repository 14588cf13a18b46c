package dev.visage.common.messaging;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * How a Kafka client reaches the brokers: the bootstrap servers and, where the cluster asks for them, its TLS and
 * SASL settings ({@code kafka.security.protocol}, {@code kafka.ssl.*}, {@code kafka.sasl.*}; as environment variables
 * {@code KAFKA_SECURITY_PROTOCOL=SASL_SSL} and so on). Every client a module builds by hand starts from it, so a
 * secured cluster is configured once for all of them, as it is for the messaging channels.
 */
public record KafkaConnection(Map<String, Object> properties) {

    public KafkaConnection {
        properties = Map.copyOf(properties);
        if (!(properties.get("bootstrap.servers") instanceof String servers) || servers.isBlank()) {
            throw new IllegalArgumentException("kafka.bootstrap.servers is not set");
        }
    }

    /** The connection settings among a module's {@code kafka.*} configuration (prefix already removed). */
    public static KafkaConnection of(Map<String, ?> kafkaConfig) {
        Map<String, Object> connection = new TreeMap<>();
        kafkaConfig.forEach((key, value) -> {
            if (key.equals("bootstrap.servers") || key.startsWith("security.") || key.startsWith("ssl.")
                    || key.startsWith("sasl.")) {
                connection.put(key, value);
            }
        });
        return new KafkaConnection(connection);
    }

    public static KafkaConnection plaintext(String bootstrapServers) {
        return new KafkaConnection(Map.of("bootstrap.servers", bootstrapServers));
    }

    public String bootstrapServers() {
        return (String) properties.get("bootstrap.servers");
    }

    /** A client's whole configuration: the connection, then what is particular to that client. */
    public Map<String, Object> with(Map<String, Object> client) {
        Map<String, Object> merged = new HashMap<>(properties);
        merged.putAll(client);
        return merged;
    }
}
