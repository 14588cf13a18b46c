package dev.visage.api.web;

import dev.visage.common.error.VisageException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * A multipart/form-data body (RFC 7578) parsed from its bytes, read in one piece. Quarkus REST's own parser reads a
 * body byte by byte from a blocking stream and writes every file part to disk for the resource to read back: for
 * photos of a few megabytes that cost face-api more CPU than anything else it does (docs/benchmarks.md). Here the
 * delimiters are found with a Boyer-Moore-Horspool search, which skips through a photo a delimiter's length at a
 * time, and each part is copied once.
 */
public final class MultipartForm {

    /** RFC 2046: a boundary has 1 to 70 characters. */
    static final int MAX_BOUNDARY_LENGTH = 70;
    /** A part's header block longer than this is refused: form fields need a line or two. */
    static final int MAX_HEADER_BYTES = 8 * 1024;

    private static final String SUGGESTION = "Send the form as HTTP clients write multipart/form-data, e.g. "
            + "curl -F image=@photo.jpg; the fields are described at /q/openapi.";
    private static final byte[] CRLF = {'\r', '\n'};

    /** One field of the form: its name and its content, a file's bytes or a text field's UTF-8. */
    private record Part(String name, byte[] content) {

        String text() {
            return new String(content, StandardCharsets.UTF_8);
        }
    }

    private final List<Part> parts;

    private MultipartForm(List<Part> parts) {
        this.parts = parts;
    }

    /**
     * Parses {@code body} as delimited by {@code boundary} (the Content-Type's parameter), accepting at most
     * {@code maxParts} parts (more is a 413). A preamble before the first delimiter and an epilogue after the last
     * are ignored, as RFC 2046 says; anything else that is not well formed is a validation error naming what is
     * wrong.
     */
    public static MultipartForm parse(String boundary, byte[] body, int maxParts) {
        if (boundary == null || boundary.isEmpty()) {
            throw malformed("Content-Type multipart/form-data has no boundary parameter");
        }
        if (boundary.length() > MAX_BOUNDARY_LENGTH) {
            throw malformed("the boundary has " + boundary.length() + " characters; at most "
                    + MAX_BOUNDARY_LENGTH + " are allowed");
        }
        if (body.length == 0) {
            throw malformed("the body is empty");
        }
        Delimiter delimiter = new Delimiter(("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1));
        // The first delimiter may open the body, without the line break that precedes every later one.
        int position = delimiter.opens(body) ? delimiter.length() - CRLF.length : delimiter.after(body, 0);
        if (position < 0) {
            throw malformed("the boundary '" + boundary + "' of the Content-Type does not occur in the body");
        }
        List<Part> parts = new ArrayList<>();
        while (!startsWith(body, position, '-', '-')) {
            while (position < body.length && (body[position] == ' ' || body[position] == '\t')) {
                position++;
            }
            if (!startsWith(body, position, CRLF[0], CRLF[1])) {
                throw malformed("a boundary line is followed by something other than a line break");
            }
            int headersStart = position + CRLF.length;
            int contentStart = endOfHeaders(body, headersStart);
            int contentEnd = delimiter.find(body, contentStart);
            if (contentEnd < 0) {
                throw malformed("the body ends before the closing boundary '--" + boundary + "--'");
            }
            if (parts.size() == maxParts) {
                // Too large in parts rather than in bytes: answered as 413, like a body over the byte limit.
                throw VisageException.tooLarge(null, "The multipart body has too many parts",
                        "more than " + maxParts + " parts", "Send only the documented fields: a verification "
                                + "needs two photos, a bulk enrolment one external_id and one image per photo.");
            }
            int headersEnd = contentStart == headersStart + CRLF.length ? headersStart : contentStart - 4;
            String name = fieldName(new String(body, headersStart, headersEnd - headersStart,
                    StandardCharsets.UTF_8));
            parts.add(new Part(name, Arrays.copyOfRange(body, contentStart, contentEnd)));
            position = contentEnd + delimiter.length();
        }
        return new MultipartForm(List.copyOf(parts));
    }

    /** The content of the first part called {@code name}, or null when the form has none. */
    public byte[] file(String name) {
        return named(name).findFirst().map(Part::content).orElse(null);
    }

    /** The contents of every part called {@code name}, in the order sent. */
    public List<byte[]> files(String name) {
        return named(name).map(Part::content).toList();
    }

    /** The first part called {@code name} as UTF-8 text, or null when the form has none. */
    public String field(String name) {
        return named(name).findFirst().map(Part::text).orElse(null);
    }

    /** Every part called {@code name} as UTF-8 text, in the order sent. */
    public List<String> fields(String name) {
        return named(name).map(Part::text).toList();
    }

    private Stream<Part> named(String name) {
        return parts.stream().filter(p -> p.name().equals(name));
    }

    /** Where a part's content starts: after the empty line that ends its headers (none at all is allowed). */
    private static int endOfHeaders(byte[] body, int headersStart) {
        if (startsWith(body, headersStart, CRLF[0], CRLF[1])) {
            return headersStart + CRLF.length;
        }
        int limit = Math.min(body.length - 3, headersStart + MAX_HEADER_BYTES);
        for (int i = headersStart; i < limit; i++) {
            if (body[i] == '\r' && body[i + 1] == '\n' && body[i + 2] == '\r' && body[i + 3] == '\n') {
                return i + 4;
            }
        }
        throw malformed(limit == body.length - 3
                ? "a part's headers do not end with an empty line"
                : "a part's headers are longer than " + MAX_HEADER_BYTES + " bytes");
    }

    /** The name parameter of the part's {@code Content-Disposition: form-data} header. */
    private static String fieldName(String headers) {
        String disposition = null;
        for (String line : headers.split("\r\n")) {
            int colon = line.indexOf(':');
            if (line.isEmpty()) {
                continue;
            }
            if (colon <= 0) {
                throw malformed("a part header has no name before a colon: '" + shortened(line) + "'");
            }
            if (line.substring(0, colon).strip().equalsIgnoreCase("Content-Disposition")) {
                disposition = line.substring(colon + 1);
            }
        }
        if (disposition == null) {
            throw malformed("a part has no Content-Disposition header");
        }
        String name = nameParameter(disposition);
        if (name == null) {
            throw malformed("a part's Content-Disposition has no name: '" + shortened(disposition.strip()) + "'");
        }
        return name;
    }

    /** The name in {@code form-data; name="x"; filename="y"}, quoted (with backslash escapes) or not; or null. */
    private static String nameParameter(String disposition) {
        int i = disposition.indexOf(';');
        while (i >= 0) {
            int equals = disposition.indexOf('=', i + 1);
            if (equals < 0) {
                return null;
            }
            String parameter = disposition.substring(i + 1, equals).strip();
            int start = equals + 1;
            while (start < disposition.length() && disposition.charAt(start) == ' ') {
                start++;
            }
            StringBuilder value = new StringBuilder();
            int end;
            if (start < disposition.length() && disposition.charAt(start) == '"') {
                for (end = start + 1; end < disposition.length() && disposition.charAt(end) != '"'; end++) {
                    char c = disposition.charAt(end);
                    value.append(c == '\\' && end + 1 < disposition.length() ? disposition.charAt(++end) : c);
                }
            } else {
                end = disposition.indexOf(';', start);
                value.append(disposition, start, end < 0 ? disposition.length() : end);
            }
            if (parameter.equalsIgnoreCase("name")) {
                return value.toString().strip();
            }
            i = end < 0 ? -1 : disposition.indexOf(';', end);
        }
        return null;
    }

    private static boolean startsWith(byte[] body, int position, int first, int second) {
        return position + 1 < body.length && body[position] == first && body[position + 1] == second;
    }

    private static String shortened(String value) {
        return value.length() <= 80 ? value : value.substring(0, 80) + "...";
    }

    private static VisageException malformed(String details) {
        return VisageException.validation("The multipart/form-data body is not well formed", details, SUGGESTION);
    }

    /** The delimiter "CRLF--boundary" and its Horspool shift table. */
    private static final class Delimiter {

        private final byte[] bytes;
        private final int[] shift = new int[256];

        Delimiter(byte[] bytes) {
            this.bytes = bytes;
            Arrays.fill(shift, bytes.length);
            for (int k = 0; k < bytes.length - 1; k++) {
                shift[bytes[k] & 0xff] = bytes.length - 1 - k;
            }
        }

        int length() {
            return bytes.length;
        }

        /** Whether the body starts with the delimiter less its line break. */
        boolean opens(byte[] body) {
            return body.length >= bytes.length - 2
                    && Arrays.equals(body, 0, bytes.length - 2, bytes, 2, bytes.length);
        }

        /** Where the first delimiter at or after {@code from} starts, or -1. */
        int find(byte[] body, int from) {
            int last = bytes.length - 1;
            byte lastByte = bytes[last];
            for (int i = from; i <= body.length - bytes.length; i += shift[body[i + last] & 0xff]) {
                if (body[i + last] == lastByte && Arrays.equals(body, i, i + last, bytes, 0, last)) {
                    return i;
                }
            }
            return -1;
        }

        /** Just past the first delimiter at or after {@code from}, or -1. */
        int after(byte[] body, int from) {
            int at = find(body, from);
            return at < 0 ? -1 : at + bytes.length;
        }
    }
}
