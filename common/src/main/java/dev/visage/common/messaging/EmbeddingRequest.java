package dev.visage.common.messaging;

import java.util.Set;

/**
 * One photo sent to the embedding worker, as {@link RequestCodec} lays it out on a record. The worker answers on
 * the reply topic with an {@link EmbeddingReply} carrying the same id.
 *
 * @param requestId   correlates the reply with the waiting caller
 * @param imageName   how the caller named the photo (form field or file name), used in error messages
 * @param image       the encoded photo bytes exactly as uploaded
 * @param imageSha256 the photo's SHA-256 in lower-case hex, computed once by face-api, so that a worker's log
 *                    line about a photo can be matched with the gateway's cache and enrolment records
 * @param embed       which detected faces get an embedding
 * @param liveness    whether every face's passive liveness score is wanted (it costs a model run per face)
 * @param attributes  the attributes wanted of every face (each costs a model run per face, eyes two)
 */
public record EmbeddingRequest(String requestId, String imageName, byte[] image, String imageSha256,
                               EmbedSelection embed, boolean liveness, Set<FaceAttributes.Kind> attributes) {

    public EmbeddingRequest {
        attributes = attributes == null ? Set.of() : Set.copyOf(attributes);
    }

    /** A request for embeddings and quality only. */
    public EmbeddingRequest(String requestId, String imageName, byte[] image, String imageSha256,
                            EmbedSelection embed) {
        this(requestId, imageName, image, imageSha256, embed, false, Set.of());
    }
}
