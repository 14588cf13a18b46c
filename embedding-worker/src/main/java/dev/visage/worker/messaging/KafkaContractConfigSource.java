package dev.visage.worker.messaging;

import dev.visage.common.messaging.KafkaContract;
import dev.visage.common.messaging.MessageCodec;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.util.Map;
import java.util.Set;

/**
 * The worker's Kafka channels configured from the suite's {@link KafkaContract}: topic and group names and the
 * codecs are written once in {@code common} and read from there by every module. Request and reply values are
 * plain bytes here because a record's headers belong to its layout too: {@code RequestCodec} and
 * {@code ReplyCodec} read and write whole records in {@link EmbeddingRequestConsumer}. The ordinal sits below
 * application.properties and the environment, so an operator can still rename a topic
 * ({@code MP_MESSAGING_INCOMING_EMBEDDING_REQUESTS_TOPIC=...}) where a deployment needs it.
 */
public class KafkaContractConfigSource implements ConfigSource {

    static final String REQUESTS = "mp.messaging.incoming.embedding-requests.";
    static final String REPLIES = "mp.messaging.outgoing.embedding-replies.";
    static final String HEARTBEATS = "mp.messaging.outgoing.worker-heartbeats.";

    private static final Map<String, String> PROPERTIES = Map.ofEntries(
            Map.entry(REQUESTS + "topic", KafkaContract.REQUEST_TOPIC),
            Map.entry(REQUESTS + "group.id", KafkaContract.WORKER_GROUP),
            Map.entry(REQUESTS + "key.deserializer", StringDeserializer.class.getName()),
            Map.entry(REQUESTS + "value.deserializer", ByteArrayDeserializer.class.getName()),
            Map.entry(REQUESTS + "max.partition.fetch.bytes", String.valueOf(KafkaContract.MAX_MESSAGE_BYTES)),
            Map.entry(REPLIES + "topic", KafkaContract.REPLY_TOPIC),
            Map.entry(REPLIES + "key.serializer", StringSerializer.class.getName()),
            Map.entry(REPLIES + "value.serializer", ByteArraySerializer.class.getName()),
            Map.entry(HEARTBEATS + "topic", KafkaContract.HEARTBEAT_TOPIC),
            Map.entry(HEARTBEATS + "key.serializer", StringSerializer.class.getName()),
            Map.entry(HEARTBEATS + "value.serializer", MessageCodec.JsonSerializer.class.getName()));

    @Override
    public Map<String, String> getProperties() {
        return PROPERTIES;
    }

    @Override
    public Set<String> getPropertyNames() {
        return PROPERTIES.keySet();
    }

    @Override
    public String getValue(String propertyName) {
        return PROPERTIES.get(propertyName);
    }

    @Override
    public String getName() {
        return "visage-kafka-contract";
    }

    /** Above the framework's defaults (0), below application.properties (250) and the environment (300). */
    @Override
    public int getOrdinal() {
        return 200;
    }
}
