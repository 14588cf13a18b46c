package dev.visage.api.cache;

import dev.visage.common.messaging.EmbedSelection;
import dev.visage.common.messaging.FaceAttributes;

import java.util.Set;
import java.util.UUID;

/** Every Redis key face-api writes, named in one place so that what is cached under which key can be read off. */
public final class CacheKeys {

    private static final String PREFIX = "visage:";

    private CacheKeys() {
    }

    /**
     * The workers' answer for a photo (by content) and the faces that were embedded in it. {@code v2}: answers with
     * each face's quality; those cached before it are not read back.
     */
    public static String embedding(EmbedSelection selection, boolean liveness, Set<FaceAttributes.Kind> attributes,
                                   String photoSha256) {
        return PREFIX + "embedding:v2:" + selection.name().toLowerCase() + (liveness ? ":liveness" : "")
                + (attributes.isEmpty() ? "" : ":" + FaceAttributes.Kind.format(attributes)) + ":" + photoSha256;
    }

    /** A subject's row, for decorating identification matches. */
    public static String subject(UUID subjectId) {
        return PREFIX + "subject:" + subjectId;
    }

    /** The answer to an enrolment sent with an {@code Idempotency-Key}, scoped to the subject it enrols. */
    public static String enrolment(String collection, UUID subjectId, String idempotencyKey) {
        return PREFIX + "idempotency:enrol:" + collection + ":" + subjectId + ":" + idempotencyKey;
    }
}
