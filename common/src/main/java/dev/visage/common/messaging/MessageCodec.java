package dev.visage.common.messaging;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * How the heartbeat of the {@link KafkaContract} is written to and read from a record value: JSON, with unknown
 * fields ignored so that a newer sender does not break an older reader. The serializer is nested here so that
 * every module's configuration names the same class. Requests and replies carry photos and embeddings and have
 * binary layouts of their own ({@link RequestCodec}, {@link ReplyCodec}).
 */
public final class MessageCodec<T> {

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

    /** Writes heartbeats. */
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
}
