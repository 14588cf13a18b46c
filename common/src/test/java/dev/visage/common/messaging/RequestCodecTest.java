package dev.visage.common.messaging;

import dev.visage.common.messaging.KafkaContract.RequestHeaders;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RequestCodecTest {

    private static final byte[] PHOTO = {(byte) 0xFF, (byte) 0xD8, 0, 1, 2, (byte) 0xFF, (byte) 0xD9};
    private static final String SHA256 = "ab".repeat(32);

    @Test
    void thePhotoIsTheValueAsUploadedAndTheRestTravelsInHeaders() {
        EmbeddingRequest request = new EmbeddingRequest("r-1:image1", "Ünïcode photo.jpg", PHOTO, SHA256,
                EmbedSelection.LARGEST);

        WireRecord wire = RequestCodec.encode(request);
        ProducerRecord<String, byte[]> record = wire.toProducerRecord(KafkaContract.REQUEST_TOPIC);

        assertEquals("r-1:image1", record.key());
        assertSame(PHOTO, record.value());
        assertEquals("largest", text(record.headers(), RequestHeaders.EMBED));
        EmbeddingRequest read = RequestCodec.decode(record.key(), record.headers(), record.value());
        assertEquals("r-1:image1", read.requestId());
        assertEquals("Ünïcode photo.jpg", read.imageName());
        assertArrayEquals(PHOTO, read.image());
        assertEquals(SHA256, read.imageSha256());
        assertEquals(EmbedSelection.LARGEST, read.embed());
    }

    @Test
    void everySelectionSurvivesTheTrip() {
        for (EmbedSelection selection : EmbedSelection.values()) {
            WireRecord wire = RequestCodec.encode(new EmbeddingRequest("r", "image", PHOTO, SHA256, selection));
            assertEquals(selection, RequestCodec.decode(wire.key(), wire.headers(), wire.value()).embed());
        }
    }

    @Test
    void livenessTravelsOnlyWhenAskedFor() {
        WireRecord asked = RequestCodec.encode(new EmbeddingRequest("r", "image", PHOTO, SHA256,
                EmbedSelection.LARGEST, true, Set.of()));
        assertTrue(RequestCodec.decode(asked.key(), asked.headers(), asked.value()).liveness());
        WireRecord plain = RequestCodec.encode(new EmbeddingRequest("r", "image", PHOTO, SHA256,
                EmbedSelection.LARGEST));
        assertNull(plain.headers().lastHeader(KafkaContract.RequestHeaders.LIVENESS));
        assertFalse(RequestCodec.decode(plain.key(), plain.headers(), plain.value()).liveness());
    }

    @Test
    void attributesTravelOnlyWhenAskedForAndUnknownOnesAreRefused() {
        WireRecord asked = RequestCodec.encode(new EmbeddingRequest("r", "image", PHOTO, SHA256,
                EmbedSelection.NONE, false, Set.of(FaceAttributes.Kind.POSE, FaceAttributes.Kind.AGE)));
        assertEquals("age,pose", new String(asked.headers().lastHeader(RequestHeaders.ATTRIBUTES).value(),
                StandardCharsets.UTF_8));
        assertEquals(Set.of(FaceAttributes.Kind.AGE, FaceAttributes.Kind.POSE),
                RequestCodec.decode(asked.key(), asked.headers(), asked.value()).attributes());
        WireRecord plain = RequestCodec.encode(request());
        assertNull(plain.headers().lastHeader(RequestHeaders.ATTRIBUTES));
        assertEquals(Set.of(), RequestCodec.decode(plain.key(), plain.headers(), plain.value()).attributes());
        Headers odd = RequestCodec.encode(request()).headers();
        odd.add(RequestHeaders.ATTRIBUTES, "age,mood".getBytes(StandardCharsets.UTF_8));
        MalformedRecordException e = assertThrows(MalformedRecordException.class,
                () -> RequestCodec.decode("k", odd, PHOTO));
        assertTrue(e.getMessage().contains("unknown attribute 'mood'"), e.getMessage());
    }

    @Test
    void aRecordWithoutARequestIdHeaderNamesTheKeyOrNothing() {
        Headers headers = RequestCodec.encode(request()).headers();
        headers.remove(RequestHeaders.REQUEST_ID);

        MalformedRecordException keyed = assertThrows(MalformedRecordException.class,
                () -> RequestCodec.decode("from-key", headers, PHOTO));
        assertEquals(Optional.of("from-key"), keyed.requestId());
        assertEquals("no visage-request-id header", keyed.getMessage());

        MalformedRecordException anonymous = assertThrows(MalformedRecordException.class,
                () -> RequestCodec.decode(null, new RecordHeaders(), PHOTO));
        assertEquals(Optional.empty(), anonymous.requestId());
        assertEquals(Optional.empty(), assertThrows(MalformedRecordException.class,
                () -> RequestCodec.decode(null, null, PHOTO)).requestId());
    }

    @Test
    void aRecordMissingAnyOtherHeaderIsMalformedUnderItsRequestId() {
        for (String name : new String[] {RequestHeaders.IMAGE_NAME, RequestHeaders.EMBED,
                RequestHeaders.IMAGE_SHA256}) {
            Headers headers = RequestCodec.encode(request()).headers();
            headers.remove(name);
            MalformedRecordException e = assertThrows(MalformedRecordException.class,
                    () -> RequestCodec.decode("key", headers, PHOTO));
            assertEquals(Optional.of("r-1"), e.requestId());
            assertEquals("no " + name + " header", e.getMessage());
        }
    }

    @Test
    void unreadableHeadersAndAMissingPhotoAreMalformed() {
        Headers unknownSelection = RequestCodec.encode(request()).headers();
        unknownSelection.remove(RequestHeaders.EMBED).add(RequestHeaders.EMBED, bytes("biggest"));
        assertThrows(MalformedRecordException.class, () -> RequestCodec.decode("r-1", unknownSelection, PHOTO));

        Headers badHash = RequestCodec.encode(request()).headers();
        badHash.remove(RequestHeaders.IMAGE_SHA256).add(RequestHeaders.IMAGE_SHA256, bytes("not-a-hash"));
        assertThrows(MalformedRecordException.class, () -> RequestCodec.decode("r-1", badHash, PHOTO));

        Headers intact = RequestCodec.encode(request()).headers();
        assertEquals("the record holds no photo", assertThrows(MalformedRecordException.class,
                () -> RequestCodec.decode("r-1", intact, null)).getMessage());
    }

    private static EmbeddingRequest request() {
        return new EmbeddingRequest("r-1", "image1", PHOTO, SHA256, EmbedSelection.ALL);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(Headers headers, String name) {
        return new String(headers.lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
