package dev.visage.api.templates;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TemplateCipherTest {

    private static final String OLD = "old:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    private static final String NEW = "new:HxkaGxwdHh8AAQIDBAUGBwgJCgsMDQ4PEBESExQVFhc=";
    private static final float[] TEMPLATE = {0.125f, -0.5f, 0.25f, 1e-3f};

    @Test
    void aSealedTemplateOpensOnlyForItsOwnFace() {
        TemplateCipher cipher = cipher(OLD, null, true);
        UUID face = UUID.randomUUID();
        TemplateCipher.Sealed sealed = cipher.seal(face, TEMPLATE);
        assertEquals("old", sealed.keyId());
        assertEquals(12 + TEMPLATE.length * 4 + 16, sealed.bytes().length, "nonce + ciphertext + tag");
        assertArrayEquals(TEMPLATE, cipher.open(face, sealed));
        assertThrows(IllegalStateException.class, () -> cipher.open(UUID.randomUUID(), sealed),
                "a template copied onto another row does not open");
        byte[] altered = sealed.bytes().clone();
        altered[20] ^= 1;
        assertThrows(IllegalStateException.class, () -> cipher.open(face, new TemplateCipher.Sealed("old", altered)));
    }

    @Test
    void everySealingUsesAFreshNonce() {
        TemplateCipher cipher = cipher(OLD, null, true);
        UUID face = UUID.randomUUID();
        assertFalse(Arrays.equals(cipher.seal(face, TEMPLATE).bytes(), cipher.seal(face, TEMPLATE).bytes()));
    }

    @Test
    void afterARotationOldTemplatesStillOpenAndAreDueForReencryption() {
        UUID face = UUID.randomUUID();
        TemplateCipher.Sealed before = cipher(OLD, null, true).seal(face, TEMPLATE);
        TemplateCipher rotated = cipher(NEW + "," + OLD, "new", true);
        assertArrayEquals(TEMPLATE, rotated.open(face, before));
        assertTrue(rotated.needsReencryption("old"));
        assertTrue(rotated.needsReencryption(null), "templates stored in the clear are sealed too");
        assertFalse(rotated.needsReencryption("new"));
        assertEquals("new", rotated.seal(face, TEMPLATE).keyId());
    }

    @Test
    void aTemplateSealedWithAKeyNoLongerConfiguredSaysWhichKeyIsMissing() {
        UUID face = UUID.randomUUID();
        TemplateCipher.Sealed before = cipher(OLD, null, true).seal(face, TEMPLATE);
        IllegalStateException missing = assertThrows(IllegalStateException.class,
                () -> cipher(NEW, null, true).open(face, before));
        assertTrue(missing.getMessage().contains("'old'"), missing.getMessage());
    }

    @Test
    void templatesStoredInTheClearAreReadAsTheyAre() {
        TemplateCipher off = cipher("", null, false);
        UUID face = UUID.randomUUID();
        TemplateCipher.Sealed clear = off.seal(face, TEMPLATE);
        assertNull(clear.keyId());
        assertArrayEquals(TEMPLATE, cipher(OLD, null, true).open(face, clear));
    }

    @Test
    void wrongKeyConfigurationStopsTheStartWithWhatToDo() {
        assertTrue(assertThrows(IllegalStateException.class, () -> cipher("", null, true)).getMessage()
                .contains("openssl rand -base64 32"));
        assertTrue(assertThrows(IllegalStateException.class, () -> cipher("k:AAEC", null, true)).getMessage()
                .contains("32"));
        assertThrows(IllegalStateException.class, () -> cipher(OLD + "," + OLD, null, true));
        assertThrows(IllegalStateException.class, () -> cipher(OLD, "absent", true));
        assertThrows(IllegalStateException.class, () -> cipher(":AAEC", null, true));
    }

    private static TemplateCipher cipher(String keys, String active, boolean encrypted) {
        return new TemplateCipher(new TemplateConfig() {
            @Override
            public Optional<String> keys() {
                return Optional.of(keys);
            }

            @Override
            public Optional<String> activeKey() {
                return Optional.ofNullable(active);
            }

            @Override
            public boolean encrypted() {
                return encrypted;
            }

            @Override
            public int reencryptBatch() {
                return 2;
            }
        });
    }
}
