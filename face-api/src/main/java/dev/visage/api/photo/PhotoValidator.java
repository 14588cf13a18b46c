package dev.visage.api.photo;

import dev.visage.common.error.ErrorType;
import dev.visage.common.error.VisageException;
import dev.visage.common.image.ImageHeader;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Checks an upload before any work is queued for it: present, not empty, within the byte limit, a photo by
 * content (JPEG, PNG, WebP or BMP) and within the pixel limits read from its header.
 */
@ApplicationScoped
public class PhotoValidator {

    private final PhotoLimits limits;

    public PhotoValidator(PhotoLimits limits) {
        this.limits = limits;
    }

    public Photo validate(String name, byte[] bytes) {
        if (bytes == null) {
            throw VisageException.builder(ErrorType.VALIDATION_ERROR, "The photo " + name + " is missing")
                    .image(name).details("no part or field named '" + name + "' in the request")
                    .suggestion("Send the photo as multipart field '" + name + "' or as base64 in JSON field '"
                            + name + "'.").build();
        }
        if (bytes.length == 0) {
            throw VisageException.builder(ErrorType.VALIDATION_ERROR, "The photo " + name + " is empty")
                    .image(name).details("0 bytes received")
                    .suggestion("Attach the photo's content, not just its name.").build();
        }
        if (bytes.length > limits.maxBytes()) {
            throw VisageException.tooLarge(name, "The photo " + name + " is too large",
                    bytes.length + " bytes; the limit is " + limits.maxBytes() + " bytes",
                    "Scale or re-compress the photo below " + limits.maxBytes() / (1024 * 1024)
                            + " MiB; faces need no more than a few megapixels.");
        }
        ImageHeader header = ImageHeader.read(bytes).orElseThrow(() -> VisageException.unsupportedMediaType(name,
                "The upload " + name + " is not a supported photo", "content is not JPEG, PNG, WebP or BMP",
                "Send a JPEG, PNG, WebP or BMP photo."));
        if (header.pixels() > limits.maxPixels()) {
            throw VisageException.tooManyPixels(name,
                    header.width() + "x" + header.height() + " pixels; the limit is " + limits.maxPixels());
        }
        if (Math.min(header.width(), header.height()) < limits.minSide()) {
            throw VisageException.builder(ErrorType.VALIDATION_ERROR, "The photo " + name + " is too small")
                    .image(name)
                    .details(header.width() + "x" + header.height() + " pixels; each side needs at least "
                            + limits.minSide())
                    .suggestion("Send a larger photo of the face.").build();
        }
        return Photo.of(name, bytes, header);
    }
}
