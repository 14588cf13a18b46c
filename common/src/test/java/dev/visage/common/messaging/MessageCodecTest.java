package dev.visage.common.messaging;

import dev.visage.common.error.ErrorType;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MessageCodecTest {

    @Test
    void aRequestTravelsWithItsPhotoBytesIntact() {
        byte[] photo = {(byte) 0xFF, (byte) 0xD8, 0, 1, 2, (byte) 0xFF, (byte) 0xD9};
        EmbeddingRequest request = new EmbeddingRequest("r-1:image1", "image1", photo, EmbedSelection.LARGEST);
        EmbeddingRequest read = new MessageCodec.RequestDeserializer().deserialize(KafkaContract.REQUEST_TOPIC,
                new MessageCodec.JsonSerializer().serialize(KafkaContract.REQUEST_TOPIC, request));
        assertEquals("r-1:image1", read.requestId());
        assertArrayEquals(photo, read.image());
        assertEquals(EmbedSelection.LARGEST, read.embed());
    }

    @Test
    void aReplyKeepsItsFacesAndItsTypedError() {
        FaceData face = new FaceData(new FaceData.Box(1, 2, 3, 4), null, 0.9, new float[]{0.6f, 0.8f});
        EmbeddingReply reply = new EmbeddingReply("r-1", "w-1", "model", "CPU", 640, 480, List.of(face),
                Map.of("detect", 10.5), 2, null);
        EmbeddingReply read = MessageCodec.REPLY.decode(MessageCodec.REPLY.encode(reply));
        assertArrayEquals(new float[]{0.6f, 0.8f}, read.faces().get(0).embedding());
        assertEquals(10.5, read.timingMs().get("detect"));

        WorkerError error = new WorkerError(ErrorType.VALIDATION_ERROR, "bad", "d", "s", 413, "image1", null);
        EmbeddingReply failed = MessageCodec.REPLY.decode(MessageCodec.REPLY.encode(
                EmbeddingReply.failure("r-2", "w-1", error)));
        assertEquals(413, failed.error().toException().httpStatus());
    }

    @Test
    void fieldsANewerSenderAddsAreIgnored() {
        byte[] json = "{\"worker_id\":\"w-1\",\"ready\":true,\"sent_at\":5,\"gpu_temperature\":61}"
                .getBytes(StandardCharsets.UTF_8);
        WorkerHeartbeat heartbeat = MessageCodec.HEARTBEAT.decode(json);
        assertEquals("w-1", heartbeat.workerId());
        assertEquals(5, heartbeat.sentAtEpochMillis());
    }

    @Test
    void bytesThatAreNoMessageSayWhichTypeWasExpected() {
        UncheckedIOException e = assertThrows(UncheckedIOException.class,
                () -> MessageCodec.HEARTBEAT.decode("not json".getBytes(StandardCharsets.UTF_8)));
        assertEquals("not a readable WorkerHeartbeat", e.getMessage());
        assertThrows(SerializationException.class, () -> new MessageCodec.RequestDeserializer()
                .deserialize(KafkaContract.REQUEST_TOPIC, new byte[]{1, 2, 3}));
        assertNull(new MessageCodec.RequestDeserializer().deserialize(KafkaContract.REQUEST_TOPIC, null));
    }
}
