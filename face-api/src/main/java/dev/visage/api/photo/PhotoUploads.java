package dev.visage.api.photo;

import dev.visage.common.error.ErrorType;
import dev.visage.common.error.VisageException;

import java.util.Base64;

/** Turns photos sent as base64 JSON fields into bytes (multipart parts arrive as bytes, in a MultipartForm). */
public final class PhotoUploads {

    private PhotoUploads() {
    }

    /** The bytes of a base64 field, accepting a {@code data:image/...;base64,} prefix; null when absent. */
    public static byte[] fromBase64(String name, String field) {
        if (field == null) {
            return null;
        }
        String payload = field.startsWith("data:") && field.contains(",")
                ? field.substring(field.indexOf(',') + 1)
                : field;
        try {
            return Base64.getMimeDecoder().decode(payload.strip());
        } catch (IllegalArgumentException e) {
            throw VisageException.builder(ErrorType.VALIDATION_ERROR,
                            "The photo " + name + " is not valid base64")
                    .image(name).details(e.getMessage())
                    .suggestion("Encode the photo's bytes with standard base64.").build();
        }
    }
}
