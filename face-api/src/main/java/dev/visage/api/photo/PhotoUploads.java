package dev.visage.api.photo;

import dev.visage.common.error.ErrorType;
import dev.visage.common.error.VisageException;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Base64;

/** Turns the two accepted upload forms, multipart files and base64 JSON fields, into bytes. */
public final class PhotoUploads {

    private PhotoUploads() {
    }

    /** The bytes of a multipart file part, or null when the part is absent. */
    public static byte[] fromPart(FileUpload part) {
        if (part == null || part.uploadedFile() == null) {
            return null;
        }
        try {
            return Files.readAllBytes(part.uploadedFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
