package dev.visage.api.photo;

import dev.visage.common.image.ImageHeader;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * An uploaded photo that passed validation: its name in the request, its bytes, what its header says and its
 * SHA-256, computed once here for every use (the answer cache's key, the enrolled face's provenance).
 */
public record Photo(String name, byte[] bytes, ImageHeader header, String sha256) {

    public static Photo of(String name, byte[] bytes, ImageHeader header) {
        return new Photo(name, bytes, header, sha256(bytes));
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
