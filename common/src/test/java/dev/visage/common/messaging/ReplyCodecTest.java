package dev.visage.common.messaging;

import dev.visage.common.error.ErrorType;
import dev.visage.common.messaging.KafkaContract.ReplyHeaders;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReplyCodecTest {

    private static final FaceData.Landmarks LANDMARKS = new FaceData.Landmarks(new double[] {1.5, 2}, new double[] {3, 4},
            new double[] {5, 6}, new double[] {7, 8}, new double[] {9, 10.5});

    @Test
    void facesAndTheirEmbeddingsSurviveTheTripBitForBit() {
        float[] first = embedding(512, 1);
        float[] third = embedding(512, 2);
        third[0] = -0.0f;
        third[1] = Float.MIN_VALUE;
        EmbeddingReply reply = reply("r-1", List.of(face(10, first), face(20, null), face(30, third)));

        WireRecord wire = ReplyCodec.encode(reply);

        assertEquals("r-1", wire.key());
        assertEquals(2 * 512 * Float.BYTES, wire.value().length, "the value is nothing but the two embeddings");
        EmbeddingReply read = ReplyCodec.decode(wire.key(), wire.headers(), wire.value());
        assertEquals(3, read.faces().size());
        assertArrayEquals(first, read.faces().get(0).embedding());
        assertNull(read.faces().get(1).embedding());
        assertArrayEquals(third, read.faces().get(2).embedding());
        assertEquals(Float.floatToRawIntBits(-0.0f), Float.floatToRawIntBits(read.faces().get(2).embedding()[0]));
        assertEquals(new FaceData.Box(20, 21, 40, 50), read.faces().get(1).box());
        assertArrayEquals(new double[] {9, 10.5}, read.faces().get(1).landmarks().mouthLeft());
        assertEquals(0.9876, read.faces().get(1).detectionScore());
        assertEquals("fr_feature", read.model());
        assertEquals("CUDA", read.executionProvider());
        assertEquals(4032, read.imageWidth());
        assertEquals(3024, read.imageHeight());
        assertEquals(Map.of("decode", 12.5, "embed", 3.25), read.timingMs());
        assertEquals(3, read.batchSize());
        assertEquals("w-1", read.workerId());
    }

    @Test
    void embeddingsAreLittleEndianFloat32() {
        WireRecord wire = ReplyCodec.encode(reply("r-1", List.of(face(0, new float[] {1.0f, -2.0f}))));
        assertArrayEquals(new byte[] {0, 0, (byte) 0x80, 0x3F, 0, 0, 0, (byte) 0xC0}, wire.value());
    }

    @Test
    void aReplyWithoutFacesHasAnEmptyValue() {
        WireRecord wire = ReplyCodec.encode(reply("r-2", List.of()));

        assertEquals(0, wire.value().length);
        EmbeddingReply read = ReplyCodec.decode("r-2", wire.headers(), wire.value());
        assertTrue(read.faces().isEmpty());
        assertEquals("fr_feature", read.model());
        assertEquals(0, ReplyCodec.decode("r-2", wire.headers(), null).faces().size());
    }

    @Test
    void anErrorReplyKeepsItsTypedError() {
        WorkerError error = new WorkerError(ErrorType.VALIDATION_ERROR, "The photo image1 could not be decoded",
                "bad JPEG", "Send a complete photo.", 400, "image1", null);
        WireRecord wire = ReplyCodec.encode(EmbeddingReply.failure("r-3", "w-1", error));

        EmbeddingReply read = ReplyCodec.decode("r-3", wire.headers(), wire.value());

        assertTrue(read.failed());
        assertEquals(error, read.error());
        assertEquals(400, read.error().toException().httpStatus());
        assertEquals("validation_error", read.error().toException().type().wireName());
    }

    @Test
    void embeddingsOfDifferentLengthsInOneReplyAreRefused() {
        EmbeddingReply reply = reply("r-1", List.of(face(0, new float[4]), face(1, new float[8])));
        assertThrows(IllegalArgumentException.class, () -> ReplyCodec.encode(reply));
    }

    @Test
    void aMalformedRecordIsATypedFailureNamingItsKey() {
        WireRecord good = ReplyCodec.encode(reply("r-4", List.of(face(0, embedding(4, 3)))));

        assertMalformed("no visage-reply header", new RecordHeaders(), good.value());
        assertMalformed("no visage-reply header", null, good.value());
        assertMalformed("the visage-reply header is not a reply", header("{not json"), good.value());
        assertMalformed("the visage-reply header holds no reply", header("{}"), good.value());
        assertMalformed("the visage-reply header holds no reply", header("null"), good.value());
        assertMalformed("the value holds 12 bytes where 1 embeddings of 4 floats take 16", good.headers(),
                Arrays.copyOf(good.value(), 12));
        assertMalformed("the value holds 0 bytes where 1 embeddings of 4 floats take 16", good.headers(), null);
        assertMalformed("embedded_faces [1] does not index 1 faces in ascending order",
                structure("r-4", "[1]", 4), new byte[16]);
        assertMalformed("embedded_faces [0, 0] does not index 1 faces in ascending order",
                structure("r-4", "[0,0]", 4), new byte[32]);
        assertMalformed("embedding_length 0 for 1 embeddings", structure("r-4", "[0]", 0), new byte[0]);
        assertMalformed("the record keyed r-4 answers request r-5", structure("r-5", "[]", 0), new byte[0]);
    }

    private static void assertMalformed(String message, Headers headers, byte[] value) {
        MalformedRecordException e = assertThrows(MalformedRecordException.class,
                () -> ReplyCodec.decode("r-4", headers, value));
        assertEquals(message, e.getMessage());
        assertEquals(Optional.of("r-4"), e.requestId());
    }

    private static Headers structure(String requestId, String embeddedFaces, int length) {
        return header("{\"reply\":{\"request_id\":\"" + requestId + "\",\"faces\":[{\"box\":{\"x\":0,\"y\":0,"
                + "\"width\":1,\"height\":1},\"detection_score\":0.9}]},\"embedded_faces\":" + embeddedFaces
                + ",\"embedding_length\":" + length + "}");
    }

    private static Headers header(String json) {
        return new RecordHeaders().add(ReplyHeaders.REPLY, json.getBytes(StandardCharsets.UTF_8));
    }

    private static EmbeddingReply reply(String requestId, List<FaceData> faces) {
        return new EmbeddingReply(requestId, "w-1", "fr_feature", "CUDA", 4032, 3024, faces, null,
                Map.of("decode", 12.5, "embed", 3.25), 3, null);
    }

    private static FaceData face(double at, float[] embedding) {
        return new FaceData(new FaceData.Box(at, at + 1, 40, 50), LANDMARKS, 0.9876, null, embedding);
    }

    private static float[] embedding(int length, int seed) {
        float[] values = new float[length];
        for (int i = 0; i < length; i++) {
            values[i] = (float) Math.sin(seed * 1000 + i) / (float) Math.sqrt(length);
        }
        return values;
    }
}
