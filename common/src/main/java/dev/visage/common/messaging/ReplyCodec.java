package dev.visage.common.messaging;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.visage.common.messaging.KafkaContract.ReplyHeaders;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * How an {@link EmbeddingReply} is laid out on a reply record, written by the workers and read by face-api. The
 * value is every embedding of the reply as little-endian float32, one after the other in face order: 2 KiB per
 * 512-dimension face instead of about three times that as JSON numbers, and read without parsing a number. The
 * rest (boxes, landmarks, scores, model, timings, the typed error) is small and JSON in the
 * {@link ReplyHeaders#REPLY} header, together with which faces have an embedding and how long one is. The key
 * is the request id.
 */
public final class ReplyCodec {

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /**
     * The JSON of the {@link ReplyHeaders#REPLY} header.
     *
     * @param reply           the reply with no face's embedding
     * @param embeddedFaces   indices into the reply's faces, ascending, of the faces whose embeddings the value holds
     * @param embeddingLength floats per embedding (0 when there is none)
     */
    record Structure(@JsonProperty("reply") EmbeddingReply reply,
                     @JsonProperty("embedded_faces") List<Integer> embeddedFaces,
                     @JsonProperty("embedding_length") int embeddingLength) {
    }

    private ReplyCodec() {
    }

    public static WireRecord encode(EmbeddingReply reply) {
        List<FaceData> faces = reply.faces() == null ? List.of() : reply.faces();
        List<Integer> embedded = new ArrayList<>();
        int length = 0;
        for (int i = 0; i < faces.size(); i++) {
            float[] embedding = faces.get(i).embedding();
            if (embedding == null) {
                continue;
            }
            if (embedded.isEmpty()) {
                length = embedding.length;
            } else if (embedding.length != length) {
                throw new IllegalArgumentException("embeddings of " + length + " and " + embedding.length
                        + " floats in one reply");
            }
            embedded.add(i);
        }
        ByteBuffer value = ByteBuffer.allocate(embedded.size() * length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        FloatBuffer floats = value.asFloatBuffer();
        embedded.forEach(i -> floats.put(faces.get(i).embedding()));
        EmbeddingReply structure = new EmbeddingReply(reply.requestId(), reply.workerId(), reply.model(),
                reply.executionProvider(), reply.imageWidth(), reply.imageHeight(),
                faces.stream().map(FaceData::withoutEmbedding).toList(), reply.undersizedFaces(), reply.timingMs(),
                reply.batchSize(),
                reply.error());
        byte[] json;
        try {
            json = JSON.writeValueAsBytes(new Structure(structure, embedded, length));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the reply to " + reply.requestId(), e);
        }
        Headers headers = new RecordHeaders().add(ReplyHeaders.REPLY, json);
        return new WireRecord(reply.requestId(), headers, value.array());
    }

    /**
     * The reply a record carries.
     *
     * @param key the record key: the id of the request answered
     * @throws MalformedRecordException when the header is missing or unreadable, it answers another request than
     *                                  the key names, or the value does not hold the embeddings it announces
     */
    public static EmbeddingReply decode(String key, Headers headers, byte[] value) {
        Header header = headers == null ? null : headers.lastHeader(ReplyHeaders.REPLY);
        if (header == null || header.value() == null) {
            throw new MalformedRecordException(key, "no " + ReplyHeaders.REPLY + " header");
        }
        Structure structure;
        try {
            structure = JSON.readValue(header.value(), Structure.class);
        } catch (IOException e) {
            throw new MalformedRecordException(key, "the " + ReplyHeaders.REPLY + " header is not a reply", e);
        }
        EmbeddingReply reply = structure == null ? null : structure.reply();
        if (reply == null) {
            throw new MalformedRecordException(key, "the " + ReplyHeaders.REPLY + " header holds no reply");
        }
        if (key != null && !key.equals(reply.requestId())) {
            throw new MalformedRecordException(key, "the record keyed " + key + " answers request "
                    + reply.requestId());
        }
        List<FaceData> faces = new ArrayList<>(reply.faces() == null ? List.of() : reply.faces());
        List<Integer> embedded = structure.embeddedFaces() == null ? List.of() : structure.embeddedFaces();
        int length = structure.embeddingLength();
        checkLayout(key, faces.size(), embedded, length, value == null ? 0 : value.length);
        if (!embedded.isEmpty()) {
            FloatBuffer floats = ByteBuffer.wrap(value).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
            for (int index : embedded) {
                float[] embedding = new float[length];
                floats.get(embedding);
                FaceData face = faces.get(index);
                faces.set(index, face.withEmbedding(embedding));
            }
        }
        return new EmbeddingReply(reply.requestId(), reply.workerId(), reply.model(), reply.executionProvider(),
                reply.imageWidth(), reply.imageHeight(), List.copyOf(faces), reply.undersizedFaces(), reply.timingMs(),
                reply.batchSize(),
                reply.error());
    }

    private static void checkLayout(String key, int faces, List<Integer> embedded, int length, int valueBytes) {
        int previous = -1;
        for (Integer index : embedded) {
            if (index == null || index <= previous || index >= faces) {
                throw new MalformedRecordException(key, "embedded_faces " + embedded + " does not index "
                        + faces + " faces in ascending order");
            }
            previous = index;
        }
        if (length < 0 || (!embedded.isEmpty() && length == 0)) {
            throw new MalformedRecordException(key, "embedding_length " + length + " for " + embedded.size()
                    + " embeddings");
        }
        long expected = (long) embedded.size() * length * Float.BYTES;
        if (valueBytes != expected) {
            throw new MalformedRecordException(key, "the value holds " + valueBytes + " bytes where "
                    + embedded.size() + " embeddings of " + length + " floats take " + expected);
        }
    }
}
