package dev.visage.api.web;

import dev.visage.common.error.VisageException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MultipartFormTest {

    private static final String BOUNDARY = "----visage-test-7MA4YWxkTrZu0gW";

    @Test
    void filesAndFieldsAreReadAsSentWhateverBytesThePhotosHold() {
        byte[] photo1 = randomBytes(2_000_000, 1);
        byte[] photo2 = randomBytes(300_000, 2);
        byte[] body = new Body().file("image1", "a.jpg", photo1).file("image2", "b.jpg", photo2)
                .field("threshold", "0.42").close();

        MultipartForm form = MultipartForm.parse(BOUNDARY, body, 10);

        assertArrayEquals(photo1, form.file("image1"));
        assertArrayEquals(photo2, form.file("image2"));
        assertEquals("0.42", form.field("threshold"));
        assertNull(form.file("image3"));
        assertNull(form.field("top_k"));
    }

    @Test
    void contentThatLooksLikeTheDelimiterButIsNotItStaysInThePart() {
        byte[] tricky = ("line\r\n--" + BOUNDARY.substring(0, BOUNDARY.length() - 1) + "X\r\n--"
                + "\r\n\r\n" + BOUNDARY + "\r\n-").getBytes(StandardCharsets.ISO_8859_1);
        byte[] body = new Body().file("image", "a.jpg", tricky).close();

        assertArrayEquals(tricky, MultipartForm.parse(BOUNDARY, body, 10).file("image"));
    }

    @Test
    void repeatedPartsKeepTheirOrderAndTextIsUtf8() {
        byte[] body = new Body().field("external_id", "anna").file("image", "1.jpg", new byte[] {1})
                .field("external_id", "bj\u00f6rn \u00e5").file("image", "2.jpg", new byte[] {2}).close();

        MultipartForm form = MultipartForm.parse(BOUNDARY, body, 10);

        assertEquals(List.of("anna", "bj\u00f6rn \u00e5"), form.fields("external_id"));
        assertEquals(2, form.files("image").size());
        assertArrayEquals(new byte[] {2}, form.files("image").get(1));
        assertEquals(List.of(), form.fields("top_k"));
    }

    @Test
    void aPreambleAnEpilogueQuotedAndUnquotedNamesAndEmptyPartsAreAccepted() {
        String text = "This is the preamble.\r\n"
                + "--" + BOUNDARY + "  \r\n"
                + "content-disposition: form-data; filename=\"a;name=x.jpg\"; name=\"im\\\"age\"\r\n"
                + "Content-Type: image/jpeg\r\n\r\n"
                + "JPEG\r\n"
                + "--" + BOUNDARY + "\r\n"
                + "Content-Disposition: form-data; name=top_k\r\n\r\n"
                + "\r\n"
                + "--" + BOUNDARY + "--\r\nand an epilogue";

        MultipartForm form = MultipartForm.parse(BOUNDARY, text.getBytes(StandardCharsets.UTF_8), 10);

        assertEquals("JPEG", form.field("im\"age"));
        assertEquals("", form.field("top_k"));
    }

    @Test
    void aFormWithOnlyTheClosingDelimiterHasNoParts() {
        MultipartForm form = MultipartForm.parse(BOUNDARY, ("--" + BOUNDARY + "--\r\n")
                .getBytes(StandardCharsets.US_ASCII), 10);

        assertNull(form.file("image"));
    }

    @Test
    void malformedBodiesAreValidationErrorsThatSayWhatIsWrong() {
        String open = "--" + BOUNDARY + "\r\n";
        String part = "Content-Disposition: form-data; name=\"image\"\r\n\r\nx\r\n";
        assertMalformed(null, open + part + "--" + BOUNDARY + "--", "no boundary parameter");
        assertMalformed("x".repeat(71), open, "at most 70");
        assertMalformed(BOUNDARY, "", "empty");
        assertMalformed(BOUNDARY, "--other\r\n" + part + "--other--", "does not occur in the body");
        assertMalformed(BOUNDARY, open + part, "ends before the closing boundary");
        assertMalformed(BOUNDARY, open + "this is no header\r\n\r\nx\r\n--" + BOUNDARY + "--",
                "no name before a colon");
        assertMalformed(BOUNDARY, open + "Content-Type: text/plain\r\n\r\nx\r\n--" + BOUNDARY + "--",
                "no Content-Disposition");
        assertMalformed(BOUNDARY, open + "Content-Disposition: form-data\r\n\r\nx\r\n--" + BOUNDARY + "--",
                "has no name");
        assertMalformed(BOUNDARY, open + "Content-Disposition: form-data; name=\"" + "n".repeat(10_000)
                + "\"\r\n\r\nx\r\n--" + BOUNDARY + "--", "longer than 8192 bytes");
        assertMalformed(BOUNDARY, open + "Content-Disposition: form-data; name=\"image\"", "do not end");
        assertMalformed(BOUNDARY, "--" + BOUNDARY + "junk\r\n" + part + "--" + BOUNDARY + "--",
                "something other than a line break");
    }

    @Test
    void moreThanTheAllowedNumberOfPartsIsTooLarge() {
        Body body = new Body();
        for (int i = 0; i < 4; i++) {
            body.field("f" + i, "v");
        }
        byte[] four = body.close();

        assertEquals("v", MultipartForm.parse(BOUNDARY, four, 4).field("f3"));
        VisageException e = assertThrows(VisageException.class, () -> MultipartForm.parse(BOUNDARY, four, 3));
        assertEquals(413, e.httpStatus());
        assertEquals("more than 3 parts", e.details());
    }

    private static void assertMalformed(String boundary, String body, String detail) {
        VisageException e = assertThrows(VisageException.class,
                () -> MultipartForm.parse(boundary, body.getBytes(StandardCharsets.UTF_8), 10));
        assertEquals(400, e.httpStatus());
        assertEquals("The multipart/form-data body is not well formed", e.getMessage());
        assertTrue(e.details().contains(detail), e.details());
        assertTrue(e.suggestion().contains("curl -F image=@photo.jpg"), e.suggestion());
    }

    private static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** A body as HTTP clients write one. */
    private static final class Body {

        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Body file(String name, String filename, byte[] content) {
            head("Content-Disposition: form-data; name=\"" + name + "\"; filename=\"" + filename
                    + "\"\r\nContent-Type: image/jpeg");
            out.writeBytes(content);
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
            return this;
        }

        Body field(String name, String value) {
            head("Content-Disposition: form-data; name=\"" + name + "\"");
            out.writeBytes((value + "\r\n").getBytes(StandardCharsets.UTF_8));
            return this;
        }

        byte[] close() {
            out.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII));
            return out.toByteArray();
        }

        private void head(String headers) {
            out.writeBytes(("--" + BOUNDARY + "\r\n" + headers + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        }
    }
}
