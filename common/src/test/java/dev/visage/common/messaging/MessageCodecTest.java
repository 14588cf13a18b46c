package dev.visage.common.messaging;

import org.junit.jupiter.api.Test;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MessageCodecTest {

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
    }
}
