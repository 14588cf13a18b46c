package dev.visage.web;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What {@link PlainText} and {@link StorableJson} let through to the database, and what they stop. */
class TextConstraintsTest {

    private final StorableJsonValidator json = new StorableJsonValidator();

    TextConstraintsTest() {
        json.initialize(new StorableJson() {
            @Override
            public int maxChars() {
                return 40;
            }

            @Override
            public int maxDepth() {
                return 2;
            }

            @Override
            public String message() {
                return "";
            }

            @Override
            public Class<?>[] groups() {
                return new Class<?>[0];
            }

            @SuppressWarnings("unchecked")
            @Override
            public Class<? extends jakarta.validation.Payload>[] payload() {
                return new Class[0];
            }

            @Override
            public Class<StorableJson> annotationType() {
                return StorableJson.class;
            }
        });
    }

    @Test
    void plainTextIsAnyLanguageAndEmojiWithinTheLimit() {
        assertTrue(PlainTextValidator.isPlainText("Zoë Ångström 王芳 \uD83D\uDE00", 20));
        assertFalse(PlainTextValidator.isPlainText("x".repeat(21), 20));
        assertTrue(PlainTextValidator.isPlainText("\uD83D\uDE00".repeat(20), 20), "counted in characters, not chars");
    }

    @Test
    void plainTextHasNoControlCharactersAndNoLoneSurrogates() {
        for (String bad : List.of("a\u0000b", "tab\there", "line\nbreak", "esc\u001b[31m", "half \uD83D", "\uDE00")) {
            assertFalse(PlainTextValidator.isPlainText(bad, 100), bad);
        }
    }

    @Test
    void storableJsonRefusesNulAndLoneSurrogatesInKeysAndValues() {
        assertTrue(json.isValid(Map.of("note", "line one\nline two", "tags", List.of("a", 1, true)), null));
        assertFalse(json.isValid(Map.of("k", "v\u0000"), null));
        assertFalse(json.isValid(Map.of("k\u0000", "v"), null));
        assertFalse(json.isValid(Map.of("k", List.of("\uD800")), null));
    }

    @Test
    void storableJsonIsBoundedInSizeAndDepth() {
        assertFalse(json.isValid(Map.of("k", "x".repeat(40)), null));
        assertFalse(json.isValid(Map.of("a", Map.of("b", Map.of("c", "deep"))), null));
        assertTrue(json.isValid(Map.of("a", Map.of("b", "two levels")), null));
    }
}
