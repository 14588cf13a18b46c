package dev.visage.api.templates;

import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Seals face templates for PostgreSQL with AES-256-GCM: a fresh 96-bit nonce per template, the face id as associated
 * data so that a sealed template copied onto another row does not open, and the key id stored beside it so that
 * keys can be rotated while old templates still open. A template whose key id is null was stored in the clear
 * (before encryption, or with it switched off) and is read as it is until re-encryption seals it.
 */
@ApplicationScoped
public class TemplateCipher {

    private static final Logger LOG = Logger.getLogger(TemplateCipher.class);
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final int KEY_BYTES = 32;

    private final Map<String, SecretKeySpec> keys;
    private final String activeKey;
    private final SecureRandom random = new SecureRandom();

    public TemplateCipher(TemplateConfig config) {
        this.keys = parse(config.keys().orElse(""));
        if (!config.encrypted()) {
            this.activeKey = null;
            LOG.warn("Face templates are stored UNENCRYPTED (visage.templates.encrypted=false): anyone who can read "
                    + "PostgreSQL or its backups can read every enrolled face's template.");
            return;
        }
        if (keys.isEmpty()) {
            throw new IllegalStateException("Face templates are encrypted at rest and no key is configured: set "
                    + "VISAGE_TEMPLATES_KEYS=k1:$(openssl rand -base64 32) (visage.templates.keys), or switch "
                    + "encryption off explicitly with visage.templates.encrypted=false");
        }
        this.activeKey = config.activeKey().orElse(keys.keySet().iterator().next());
        if (!keys.containsKey(activeKey)) {
            throw new IllegalStateException("visage.templates.active-key '" + activeKey + "' is not among the "
                    + "configured keys " + keys.keySet());
        }
    }

    /** A template as stored: its bytes and the id of the key that sealed them, or null when stored in the clear. */
    public record Sealed(String keyId, byte[] bytes) {
    }

    /** The key new templates are sealed with; null when encryption is off. */
    public String activeKey() {
        return activeKey;
    }

    public Sealed seal(UUID faceId, float[] template) {
        byte[] plain = toBytes(template);
        if (activeKey == null) {
            return new Sealed(null, plain);
        }
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(activeKey), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData(faceId));
            byte[] sealed = cipher.doFinal(plain);
            return new Sealed(activeKey, ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed)
                    .array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every Java runtime", e);
        }
    }

    public float[] open(UUID faceId, Sealed stored) {
        if (stored.keyId() == null) {
            return fromBytes(stored.bytes());
        }
        SecretKeySpec key = keys.get(stored.keyId());
        if (key == null) {
            throw new IllegalStateException("face " + faceId + " is sealed with template key '"
                    + stored.keyId() + "', which is not configured (visage.templates.keys has " + keys.keySet()
                    + "); add it back until re-encryption has moved every template off it");
        }
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, stored.bytes(), 0, NONCE_BYTES));
            cipher.updateAAD(associatedData(faceId));
            return fromBytes(cipher.doFinal(stored.bytes(), NONCE_BYTES, stored.bytes().length - NONCE_BYTES));
        } catch (AEADBadTagException e) {
            throw new IllegalStateException("the template of face " + faceId + " does not open with key '"
                    + stored.keyId() + "': altered, moved from another row, or a different key under that id", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every Java runtime", e);
        }
    }

    /** Whether a template stored this way should be sealed again with the active key. */
    public boolean needsReencryption(String keyId) {
        return activeKey != null && !activeKey.equals(keyId);
    }

    private static byte[] associatedData(UUID faceId) {
        return ByteBuffer.allocate(16).putLong(faceId.getMostSignificantBits())
                .putLong(faceId.getLeastSignificantBits()).array();
    }

    static Map<String, SecretKeySpec> parse(String configured) {
        Map<String, SecretKeySpec> parsed = new LinkedHashMap<>();
        for (String entry : configured.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            int colon = entry.indexOf(':');
            if (colon < 1) {
                throw new IllegalStateException("visage.templates.keys: expected id:base64-key, got an entry "
                        + "without an id");
            }
            String id = entry.substring(0, colon).strip();
            byte[] key;
            try {
                key = Base64.getDecoder().decode(entry.substring(colon + 1).strip());
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("visage.templates.keys: key '" + id + "' is not base64");
            }
            if (key.length != KEY_BYTES) {
                throw new IllegalStateException("visage.templates.keys: key '" + id + "' has " + key.length
                        + " bytes, AES-256 needs " + KEY_BYTES + " (openssl rand -base64 32)");
            }
            if (parsed.put(id, new SecretKeySpec(key, "AES")) != null) {
                throw new IllegalStateException("visage.templates.keys: key id '" + id + "' is listed twice");
            }
        }
        return parsed;
    }

    /** Templates are little-endian float32: exact and compact. */
    static byte[] toBytes(float[] template) {
        ByteBuffer buffer = ByteBuffer.allocate(template.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(template);
        return buffer.array();
    }

    static float[] fromBytes(byte[] bytes) {
        float[] template = new float[bytes.length / Float.BYTES];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(template);
        return template;
    }
}
