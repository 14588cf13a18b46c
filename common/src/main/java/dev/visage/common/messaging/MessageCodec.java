package dev.visage.common.messaging;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * How one message type of the {@link KafkaContract} is written to and read from a record value: JSON, with
 * unknown fields ignored so that a newer sender does not break an older reader. The Kafka serializers of the
 * contract are nested here so that every module's configuration names the same classes.
 */
public final class MessageCodec<T> {

    public static final MessageCodec<EmbeddingRequest> REQUEST = new MessageCodec<>(EmbeddingRequest.class);
    public static final MessageCodec<EmbeddingReply> REPLY = new MessageCodec<>(EmbeddingReply.class);
    public static final MessageCodec<WorkerHeartbeat> HEARTBEAT = new MessageCodec<>(WorkerHeartbeat.class);

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final Class<T> type;

    private MessageCodec(Class<T> type) {
        this.type = type;
    }

    public byte[] encode(T message) {
        try {
            return JSON.writeValueAsBytes(message);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + type.getSimpleName(), e);
        }
    }

    /** The message, or an {@link UncheckedIOException} naming the type when the bytes are not one. */
    public T decode(byte[] value) {
        try {
            return JSON.readValue(value, type);
        } catch (IOException e) {
            throw new UncheckedIOException("not a readable " + type.getSimpleName(), e);
        }
    }

    /** Writes any message of the contract. */
    public static final class JsonSerializer implements Serializer<Object> {
        @Override
        public byte[] serialize(String topic, Object message) {
            if (message == null) {
                return null;
            }
            try {
                return JSON.writeValueAsBytes(message);
            } catch (IOException e) {
                throw new SerializationException("cannot write a " + message.getClass().getSimpleName(), e);
            }
        }
    }

    /** Reads the request topic, for the workers' consumer configuration. */
    public static final class RequestDeserializer implements Deserializer<EmbeddingRequest> {
        @Override
        public EmbeddingRequest deserialize(String topic, byte[] value) {
            return value == null ? null : decodeOrFail(REQUEST, value);
        }
    }

    private static <T> T decodeOrFail(MessageCodec<T> codec, byte[] value) {
        try {
            return codec.decode(value);
        } catch (UncheckedIOException e) {
            throw new SerializationException(e.getMessage(), e.getCause());
        }
    }
}
