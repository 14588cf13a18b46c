import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Writes the hostile-input corpus that HostileInputIT sends to face-api: photos that lie, break or explode,
 * JSON and multipart bodies of the wrong shape, hostile identifiers. Every file is made here from nothing (no
 * shared photo is copied), so the corpus can be rebuilt and extended:
 * {@code java face-api/src/test/fuzz/MakeCorpus.java face-api/src/test/resources/fuzz}.
 */
public class MakeCorpus {

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args[0]);
        images(Files.createDirectories(root.resolve("images")));
        json(Files.createDirectories(root.resolve("json")));
        subjects(Files.createDirectories(root.resolve("subjects")));
        multipart(Files.createDirectories(root.resolve("multipart")));
    }

    static void images(Path dir) throws IOException {
        byte[] jpeg = encode(picture(64, 48), "jpg");
        byte[] png = encode(picture(64, 48), "png");
        byte[] bmp = encode(picture(64, 48), "bmp");
        write(dir, "empty.jpg", new byte[0]);
        write(dir, "jpeg-truncated-after-header.jpg", Arrays.copyOf(jpeg, 200));
        write(dir, "jpeg-garbage-scan.jpg", garbleTail(jpeg, 300));
        write(dir, "jpeg-soi-only.jpg", new byte[]{(byte) 0xFF, (byte) 0xD8, (byte) 0xFF});
        write(dir, "png-truncated.png", Arrays.copyOf(png, png.length / 2));
        write(dir, "png-bad-crc.png", badCrc(png));
        write(dir, "png-lying-100000x100000.png", pngWithHeader(100_000, 100_000, new byte[16]));
        write(dir, "png-bomb-8000x8000.png", pngBomb(8000, 8000));
        write(dir, "png-1x1.png", encode(picture(1, 1), "png"));
        write(dir, "png-zero-size.png", pngWithHeader(0, 0, new byte[0]));
        write(dir, "bmp-truncated.bmp", Arrays.copyOf(bmp, 80));
        write(dir, "bmp-lying-60000x60000.bmp", bmpHeader(60_000, 60_000));
        write(dir, "webp-garbage.webp", webpGarbage());
        write(dir, "gif.gif", encode(picture(64, 48), "gif"));
        write(dir, "tiff.tif", new byte[]{'I', 'I', 42, 0, 8, 0, 0, 0, 0, 0});
        write(dir, "svg.svg", "<svg xmlns='http://www.w3.org/2000/svg' width='640' height='480'/>".getBytes(UTF8));
        write(dir, "pdf.pdf", "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF".getBytes(UTF8));
        write(dir, "heic.heic", heicHeader());
        write(dir, "html-named-jpg.jpg", "<html><body>not a photo</body></html>".getBytes(UTF8));
        write(dir, "random-bytes.jpg", pseudoRandom(4096));
        write(dir, "jpeg-magic-then-text.jpg", concat(new byte[]{(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0},
                "surely a photo".getBytes(UTF8)));
    }

    static void json(Path dir) throws IOException {
        text(dir, "array.json", "[1, 2, 3]");
        text(dir, "string.json", "\"image1\"");
        text(dir, "number.json", "42");
        text(dir, "null.json", "null");
        text(dir, "empty.json", "");
        text(dir, "truncated.json", "{\"image1\": \"abc");
        text(dir, "photo-as-number.json", "{\"image1\": 5, \"image2\": 6, \"image\": 7}");
        text(dir, "photo-as-object.json", "{\"image1\": {\"data\": \"x\"}, \"image2\": [], \"image\": {}}");
        text(dir, "threshold-as-text.json", "{\"image1\": \"QUJD\", \"image2\": \"QUJD\", \"threshold\": \"high\"}");
        text(dir, "threshold-huge.json", "{\"image1\": \"QUJD\", \"image2\": \"QUJD\", \"threshold\": 1e308}");
        text(dir, "not-base64.json", "{\"image1\": \"***\", \"image2\": \"%%%%\", \"image\": \"!!!!\"}");
        text(dir, "base64-of-text.json", "{\"image1\": \"aGVsbG8gd29ybGQ=\", \"image2\": \"aGVsbG8=\", "
                + "\"image\": \"aGVsbG8gd29ybGQ=\"}");
        text(dir, "deeply-nested.json", "{\"image1\": " + "[".repeat(5000) + "]".repeat(5000) + "}");
        text(dir, "nul-in-fields.json", "{\"image1\": \"\\u0000\", \"image2\": \"a\\u0000b\", \"image\": \"\\u0000\"}");
        write(dir, "invalid-utf8.json", concat("{\"image1\": \"".getBytes(UTF8),
                new byte[]{(byte) 0xC3, (byte) 0x28, (byte) 0xFF}, "\"}".getBytes(UTF8)));
        text(dir, "duplicate-keys.json", "{\"image1\": 1, \"image1\": {\"a\": [null]}}");
    }

    static void subjects(Path dir) throws IOException {
        text(dir, "array.json", "[{\"name\": \"ada\"}]");
        text(dir, "string.json", "\"ada\"");
        text(dir, "truncated.json", "{\"name\": \"ad");
        text(dir, "name-as-object.json", "{\"name\": {\"first\": \"ada\"}}");
        text(dir, "name-as-number.json", "{\"name\": 12}");
        text(dir, "external-id-as-array.json", "{\"external_id\": [1]}");
        text(dir, "metadata-as-array.json", "{\"name\": \"ada\", \"metadata\": [1, 2]}");
        text(dir, "metadata-as-string.json", "{\"name\": \"ada\", \"metadata\": \"x\"}");
        text(dir, "nul-in-name.json", "{\"name\": \"ada\\u0000\"}");
        text(dir, "nul-in-external-id.json", "{\"external_id\": \"\\u0000\"}");
        text(dir, "control-in-name.json", "{\"name\": \"ada\\u001b[31m\"}");
        text(dir, "lone-surrogate-in-name.json", "{\"name\": \"ada\\ud800\"}");
        text(dir, "nul-in-metadata-value.json", "{\"name\": \"ada\", \"metadata\": {\"k\": \"v\\u0000\"}}");
        text(dir, "nul-in-metadata-key.json", "{\"name\": \"ada\", \"metadata\": {\"k\\u0000\": \"v\"}}");
        text(dir, "metadata-too-deep.json", "{\"name\": \"ada\", \"metadata\": "
                + "{\"a\": ".repeat(30) + "1" + "}".repeat(30) + "}");
        text(dir, "metadata-too-large.json", "{\"name\": \"ada\", \"metadata\": {\"notes\": \""
                + "x".repeat(20_000) + "\"}}");
        text(dir, "name-too-long.json", "{\"name\": \"" + "n".repeat(300) + "\"}");
        text(dir, "external-id-too-long.json", "{\"external_id\": \"" + "e".repeat(300) + "\"}");
        write(dir, "invalid-utf8.json", concat("{\"name\": \"".getBytes(UTF8),
                new byte[]{(byte) 0xED, (byte) 0xA0, (byte) 0x80}, "\"}".getBytes(UTF8)));
    }

    /** Each file: the Content-Type header on the first line, then the body exactly as sent (CRLF line ends). */
    static void multipart(Path dir) throws IOException {
        String part = "Content-Disposition: form-data; name=\"image1\"; filename=\"a.jpg\"\r\n"
                + "Content-Type: image/jpeg\r\n\r\nnot really a photo\r\n";
        http(dir, "boundary-mismatch.http", "multipart/form-data; boundary=AAAA", "--BBBB\r\n" + part + "--BBBB--\r\n");
        http(dir, "no-closing-boundary.http", "multipart/form-data; boundary=AAAA", "--AAAA\r\n" + part);
        http(dir, "no-boundary-parameter.http", "multipart/form-data", "--AAAA\r\n" + part + "--AAAA--\r\n");
        http(dir, "header-without-colon.http", "multipart/form-data; boundary=AAAA",
                "--AAAA\r\nthis is no header\r\n\r\nx\r\n--AAAA--\r\n");
        http(dir, "empty-body.http", "multipart/form-data; boundary=AAAA", "");
        http(dir, "only-closing-boundary.http", "multipart/form-data; boundary=AAAA", "--AAAA--\r\n");
        http(dir, "part-without-name.http", "multipart/form-data; boundary=AAAA",
                "--AAAA\r\nContent-Disposition: form-data\r\n\r\nx\r\n--AAAA--\r\n");
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 1100; i++) {
            many.append("--AAAA\r\nContent-Disposition: form-data; name=\"f").append(i).append("\"\r\n\r\nv\r\n");
        }
        http(dir, "1100-parts.http", "multipart/form-data; boundary=AAAA", many + "--AAAA--\r\n");
        http(dir, "huge-header-line.http", "multipart/form-data; boundary=AAAA", "--AAAA\r\nContent-Disposition: "
                + "form-data; name=\"" + "n".repeat(100_000) + "\"\r\n\r\nx\r\n--AAAA--\r\n");
        http(dir, "threshold-not-a-number.http", "multipart/form-data; boundary=AAAA", "--AAAA\r\n"
                + "Content-Disposition: form-data; name=\"threshold\"\r\n\r\nNaN-ish\r\n--AAAA--\r\n");
        http(dir, "base64-transfer-encoding.http", "multipart/form-data; boundary=AAAA", "--AAAA\r\n"
                + "Content-Disposition: form-data; name=\"image1\"; filename=\"a.jpg\"\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\n!!!not base64!!!\r\n--AAAA--\r\n");
    }

    static BufferedImage picture(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(120, 160, 200));
        g.fillRect(0, 0, width, height);
        g.setColor(new Color(200, 120, 90));
        g.fillOval(width / 4, height / 4, width / 2, height / 2);
        g.dispose();
        return image;
    }

    static byte[] encode(BufferedImage image, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, format, out);
        return out.toByteArray();
    }

    static byte[] garbleTail(byte[] jpeg, int keep) {
        byte[] garbled = jpeg.clone();
        byte[] noise = pseudoRandom(garbled.length - keep);
        System.arraycopy(noise, 0, garbled, keep, noise.length);
        return garbled;
    }

    static byte[] badCrc(byte[] png) {
        byte[] broken = png.clone();
        broken[29] ^= 0x5A; // inside the IHDR chunk's CRC
        broken[30] ^= 0x5A;
        return broken;
    }

    static byte[] pngWithHeader(int width, int height, byte[] raw) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[]{(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        chunk(out, "IHDR", ByteBuffer.allocate(13).putInt(width).putInt(height)
                .put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0).array());
        chunk(out, "IDAT", deflate(raw));
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    /** A small file that inflates to width x height RGB pixels of zeros. */
    static byte[] pngBomb(int width, int height) throws IOException {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        byte[] row = new byte[1 + width * 3];
        byte[] buffer = new byte[65536];
        for (int y = 0; y < height; y++) {
            deflater.setInput(row);
            while (!deflater.needsInput()) {
                compressed.write(buffer, 0, deflater.deflate(buffer));
            }
        }
        deflater.finish();
        while (!deflater.finished()) {
            compressed.write(buffer, 0, deflater.deflate(buffer));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[]{(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        chunk(out, "IHDR", ByteBuffer.allocate(13).putInt(width).putInt(height)
                .put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0).array());
        chunk(out, "IDAT", compressed.toByteArray());
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    static void chunk(ByteArrayOutputStream out, String type, byte[] data) throws IOException {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        out.write(ByteBuffer.allocate(4).putInt(data.length).array());
        out.write(typeBytes);
        out.write(data);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        out.write(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    static byte[] deflate(byte[] raw) {
        Deflater deflater = new Deflater();
        deflater.setInput(raw);
        deflater.finish();
        byte[] buffer = new byte[raw.length + 64];
        int n = deflater.deflate(buffer);
        return Arrays.copyOf(buffer, n);
    }

    static byte[] bmpHeader(int width, int height) {
        ByteBuffer b = ByteBuffer.allocate(54).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 'B').put((byte) 'M').putInt(54).putInt(0).putInt(54);
        b.putInt(40).putInt(width).putInt(height).putShort((short) 1).putShort((short) 24).putInt(0).putInt(0)
                .putInt(2835).putInt(2835).putInt(0).putInt(0);
        return b.array();
    }

    static byte[] webpGarbage() {
        ByteBuffer b = ByteBuffer.allocate(64).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(UTF8)).putInt(56).put("WEBP".getBytes(UTF8)).put("VP8 ".getBytes(UTF8)).putInt(44);
        b.put(new byte[]{0x10, 0x02, 0x00, (byte) 0x9D, 0x01, 0x2A, (byte) 0x80, 0x02, (byte) 0xE0, 0x01});
        b.put(pseudoRandom(34));
        return b.array();
    }

    static byte[] heicHeader() {
        return concat(new byte[]{0, 0, 0, 0x18}, "ftypheic".getBytes(UTF8), new byte[]{0, 0, 0, 0},
                "mif1heic".getBytes(UTF8));
    }

    static byte[] pseudoRandom(int n) {
        byte[] bytes = new byte[n];
        long x = 0x9E3779B97F4A7C15L;
        for (int i = 0; i < n; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            bytes[i] = (byte) x;
        }
        return bytes;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static void http(Path dir, String name, String contentType, String body) throws IOException {
        write(dir, name, (contentType + "\n" + body).getBytes(UTF8));
    }

    static void text(Path dir, String name, String content) throws IOException {
        write(dir, name, content.getBytes(UTF8));
    }

    static void write(Path dir, String name, byte[] bytes) throws IOException {
        Files.write(dir.resolve(name), bytes);
    }

    static final java.nio.charset.Charset UTF8 = StandardCharsets.UTF_8;
}
