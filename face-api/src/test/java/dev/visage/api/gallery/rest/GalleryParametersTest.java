package dev.visage.api.gallery.rest;

import dev.visage.common.error.VisageException;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class GalleryParametersTest {

    @Test
    void noCollectionMeansTheDefaultOne() {
        assertEquals("default", GalleryParameters.collection(null));
        assertEquals("default", GalleryParameters.collection(" "));
        assertEquals("staff_2026-a", GalleryParameters.collection("staff_2026-a"));
    }

    @Test
    void aCollectionNameIsLettersDigitsUnderscoresAndDashesUpTo64() {
        for (String bad : new String[]{"a b", "x".repeat(65), "../etc", "naïve", "a;drop"}) {
            VisageException e = assertThrows(VisageException.class, () -> GalleryParameters.collection(bad), bad);
            assertEquals(400, e.httpStatus());
        }
    }

    @Test
    void anIdThatIsNoUuidNamesNothingSoItIsNotFound() {
        UUID id = UUID.randomUUID();
        assertEquals(id, GalleryParameters.id("id", id.toString()));
        VisageException e = assertThrows(VisageException.class, () -> GalleryParameters.id("faceId", "42"));
        assertEquals(404, e.httpStatus());
        assertEquals("faceId=42", e.details());
    }
}
