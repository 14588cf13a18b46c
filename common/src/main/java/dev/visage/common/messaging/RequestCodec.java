package dev.visage.common.messaging;

import dev.visage.common.messaging.KafkaContract.RequestHeaders;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How an {@link EmbeddingRequest} is laid out on a request record, written by face-api and read by the workers.
 * The value is the photo exactly as uploaded: a photo of several MiB is neither copied into a text format nor
 * grown by a third, as it was in base64 JSON. Everything else is a UTF-8 header named in {@link RequestHeaders},
 * and the key is the request id.
 */
public final class RequestCodec {

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    private RequestCodec() {
    }

    public static WireRecord encode(EmbeddingRequest request) {
        Headers headers = new RecordHeaders()
                .add(RequestHeaders.REQUEST_ID, utf8(Objects.requireNonNull(request.requestId(), "request id")))
                .add(RequestHeaders.IMAGE_NAME, utf8(Objects.requireNonNull(request.imageName(), "image name")))
                .add(RequestHeaders.EMBED, utf8(request.embed().wireName()))
                .add(RequestHeaders.IMAGE_SHA256, utf8(Objects.requireNonNull(request.imageSha256(), "SHA-256")));
        if (request.liveness()) {
            headers.add(RequestHeaders.LIVENESS, utf8("true"));
        }
        if (!request.attributes().isEmpty()) {
            headers.add(RequestHeaders.ATTRIBUTES, utf8(FaceAttributes.Kind.format(request.attributes())));
        }
        return new WireRecord(request.requestId(), headers, Objects.requireNonNull(request.image(), "photo"));
    }

    /**
     * The request a record carries.
     *
     * @param key the record key, named as the request id in the failure when the record's own header is missing
     * @throws MalformedRecordException when a header is missing or unreadable, or the record holds no photo
     */
    public static EmbeddingRequest decode(String key, Headers headers, byte[] value) {
        String requestId = header(headers, RequestHeaders.REQUEST_ID);
        if (requestId == null || requestId.isBlank()) {
            throw new MalformedRecordException(key, "no " + RequestHeaders.REQUEST_ID + " header");
        }
        String imageName = required(headers, RequestHeaders.IMAGE_NAME, requestId);
        String embedName = required(headers, RequestHeaders.EMBED, requestId);
        EmbedSelection embed = EmbedSelection.fromWireName(embedName).orElseThrow(() ->
                new MalformedRecordException(requestId, RequestHeaders.EMBED + " is '" + embedName
                        + "', not none, largest or all"));
        String sha256 = required(headers, RequestHeaders.IMAGE_SHA256, requestId);
        if (!SHA256_HEX.matcher(sha256).matches()) {
            throw new MalformedRecordException(requestId, RequestHeaders.IMAGE_SHA256
                    + " is not 64 lower-case hex digits");
        }
        if (value == null) {
            throw new MalformedRecordException(requestId, "the record holds no photo");
        }
        Set<FaceAttributes.Kind> attributes;
        try {
            attributes = FaceAttributes.Kind.parse(header(headers, RequestHeaders.ATTRIBUTES));
        } catch (IllegalArgumentException e) {
            throw new MalformedRecordException(requestId, RequestHeaders.ATTRIBUTES + ": " + e.getMessage());
        }
        return new EmbeddingRequest(requestId, imageName, value, sha256, embed,
                "true".equals(header(headers, RequestHeaders.LIVENESS)), attributes);
    }

    private static String required(Headers headers, String name, String requestId) {
        String text = header(headers, name);
        if (text == null) {
            throw new MalformedRecordException(requestId, "no " + name + " header");
        }
        return text;
    }

    static String header(Headers headers, String name) {
        Header header = headers == null ? null : headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
