package dev.visage.common.image;

import java.util.Optional;

/**
 * Reads a photo's format and pixel size from its first bytes, without decoding it, so the gateway can refuse
 * what is not a photo or is too large before any work is queued. The format is judged by content, never by a
 * file name or a declared content type (a WebP named {@code .jpg} is a WebP).
 */
public record ImageHeader(ImageFormat format, int width, int height) {

    /** The header of {@code bytes}, or empty when they are not a JPEG, PNG, WebP or BMP photo. */
    public static Optional<ImageHeader> read(byte[] bytes) {
        if (bytes == null || bytes.length < 12) {
            return Optional.empty();
        }
        if (startsWith(bytes, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return png(bytes);
        }
        if (startsWith(bytes, 0, 0xFF, 0xD8)) {
            return jpeg(bytes);
        }
        if (startsWith(bytes, 0, 'R', 'I', 'F', 'F') && startsWith(bytes, 8, 'W', 'E', 'B', 'P')) {
            return webp(bytes);
        }
        if (startsWith(bytes, 0, 'B', 'M') && bytes.length >= 26) {
            return sized(ImageFormat.BMP, le32(bytes, 18), Math.abs(le32(bytes, 22)));
        }
        return Optional.empty();
    }

    public long pixels() {
        return (long) width * height;
    }

    private static Optional<ImageHeader> png(byte[] b) {
        if (b.length < 24 || !startsWith(b, 12, 'I', 'H', 'D', 'R')) {
            return Optional.empty();
        }
        return sized(ImageFormat.PNG, be32(b, 16), be32(b, 20));
    }

    private static Optional<ImageHeader> jpeg(byte[] b) {
        int i = 2;
        while (i + 3 < b.length) {
            if ((b[i] & 0xFF) != 0xFF) {
                return Optional.empty();
            }
            int marker = b[i + 1] & 0xFF;
            if (marker == 0xFF) {
                i++;
                continue;
            }
            if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                i += 2;
                continue;
            }
            int length = be16(b, i + 2);
            boolean startOfFrame = marker >= 0xC0 && marker <= 0xCF
                    && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
            if (startOfFrame) {
                if (i + 9 > b.length) {
                    return Optional.empty();
                }
                return sized(ImageFormat.JPEG, be16(b, i + 7), be16(b, i + 5));
            }
            if (length < 2) {
                return Optional.empty();
            }
            i += 2 + length;
        }
        return Optional.empty();
    }

    private static Optional<ImageHeader> webp(byte[] b) {
        if (b.length < 30) {
            return Optional.empty();
        }
        if (startsWith(b, 12, 'V', 'P', '8', ' ')) {
            return sized(ImageFormat.WEBP, le16(b, 26) & 0x3FFF, le16(b, 28) & 0x3FFF);
        }
        if (startsWith(b, 12, 'V', 'P', '8', 'L')) {
            int b0 = b[21] & 0xFF;
            int b1 = b[22] & 0xFF;
            int b2 = b[23] & 0xFF;
            int b3 = b[24] & 0xFF;
            int width = 1 + (((b1 & 0x3F) << 8) | b0);
            int height = 1 + (((b3 & 0x0F) << 10) | (b2 << 2) | ((b1 & 0xC0) >> 6));
            return sized(ImageFormat.WEBP, width, height);
        }
        if (startsWith(b, 12, 'V', 'P', '8', 'X')) {
            return sized(ImageFormat.WEBP, 1 + le24(b, 24), 1 + le24(b, 27));
        }
        return Optional.empty();
    }

    private static Optional<ImageHeader> sized(ImageFormat format, int width, int height) {
        return width > 0 && height > 0 ? Optional.of(new ImageHeader(format, width, height)) : Optional.empty();
    }

    private static boolean startsWith(byte[] b, int offset, int... expected) {
        if (b.length < offset + expected.length) {
            return false;
        }
        for (int k = 0; k < expected.length; k++) {
            if ((b[offset + k] & 0xFF) != expected[k]) {
                return false;
            }
        }
        return true;
    }

    private static int be16(byte[] b, int i) {
        return ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
    }

    private static int be32(byte[] b, int i) {
        return (be16(b, i) << 16) | be16(b, i + 2);
    }

    private static int le16(byte[] b, int i) {
        return (b[i] & 0xFF) | ((b[i + 1] & 0xFF) << 8);
    }

    private static int le24(byte[] b, int i) {
        return le16(b, i) | ((b[i + 2] & 0xFF) << 16);
    }

    private static int le32(byte[] b, int i) {
        return le24(b, i) | ((b[i + 3] & 0xFF) << 24);
    }
}
