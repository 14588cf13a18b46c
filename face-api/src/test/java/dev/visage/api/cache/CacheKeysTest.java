package dev.visage.api.cache;

import dev.visage.common.messaging.EmbedSelection;
import dev.visage.common.messaging.FaceAttributes;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class CacheKeysTest {

    private static final UUID SUBJECT = UUID.fromString("0b5ad1f6-1a49-4f3b-9d59-0d4f4b3a9c11");

    @Test
    void anAnswerIsCachedPerPhotoContentAndFaceSelection() {
        assertEquals("visage:embedding:v2:largest:abc",
                CacheKeys.embedding(EmbedSelection.LARGEST, false, Set.of(), "abc"));
        assertEquals("visage:embedding:v2:largest:liveness:abc",
                CacheKeys.embedding(EmbedSelection.LARGEST, true, Set.of(), "abc"));
        assertEquals("visage:embedding:v2:all:liveness:age,eyes:abc", CacheKeys.embedding(EmbedSelection.ALL, true,
                Set.of(FaceAttributes.Kind.EYES, FaceAttributes.Kind.AGE), "abc"));
        assertNotEquals(CacheKeys.embedding(EmbedSelection.ALL, false, Set.of(), "abc"),
                CacheKeys.embedding(EmbedSelection.NONE, false, Set.of(), "abc"));
    }

    @Test
    void idempotencyKeysAreScopedToTheCollectionAndSubject() {
        assertEquals("visage:idempotency:enrol:staff:" + SUBJECT + ":k1", CacheKeys.enrolment("staff", SUBJECT, "k1"));
        assertNotEquals(CacheKeys.enrolment("staff", SUBJECT, "k1"), CacheKeys.enrolment("other", SUBJECT, "k1"));
    }

    @Test
    void subjectsAreCachedById() {
        assertEquals("visage:subject:" + SUBJECT, CacheKeys.subject(SUBJECT));
    }
}
