package dev.visage.api.testing;

import dev.visage.testing.Fixtures;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Photos the API tests send: the shared deepface photos, and variants of them made at run time. */
public final class Photos {

    private Photos() {
    }

    public static byte[] shared(String name) {
        return Fixtures.photoBytes(name);
    }

    /**
     * A shared photo made unique by trailing bytes that decoders ignore, so that its answer never comes from the
     * cache of workers' answers (keyed by the photo's hash).
     */
    public static byte[] uncached(String name, String tag) {
        byte[] photo = shared(name);
        byte[] suffix = ("visage-test-" + tag).getBytes(StandardCharsets.UTF_8);
        byte[] bytes = Arrays.copyOf(photo, photo.length + suffix.length);
        System.arraycopy(suffix, 0, bytes, photo.length, suffix.length);
        return bytes;
    }

    /** A real photo with no face in it: a landscape-like gradient with a few shapes. */
    public static byte[] withoutFace() {
        BufferedImage image = new BufferedImage(640, 480, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = image.createGraphics();
        g.setPaint(new GradientPaint(0, 0, new Color(90, 140, 210), 0, 480, new Color(230, 220, 180)));
        g.fillRect(0, 0, 640, 480);
        g.setColor(new Color(40, 110, 50));
        g.fillRect(0, 330, 640, 150);
        g.setColor(new Color(120, 80, 40));
        g.fillRect(420, 200, 40, 140);
        g.dispose();
        return encode(image, "jpg");
    }

    /** The same photo as a single-channel greyscale JPEG. */
    public static byte[] greyscale(String name) {
        BufferedImage colour = read(shared(name));
        BufferedImage grey = new BufferedImage(colour.getWidth(), colour.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = grey.createGraphics();
        g.drawImage(colour, 0, 0, null);
        g.dispose();
        return encode(grey, "jpg");
    }

    /** A PNG whose header is intact but whose pixel data is garbage. */
    public static byte[] corruptPng() {
        byte[] png = encode(new BufferedImage(200, 200, BufferedImage.TYPE_3BYTE_BGR), "png");
        byte[] corrupt = Arrays.copyOf(png, 33 + 4096);
        for (int i = 33; i < corrupt.length; i++) {
            corrupt[i] = (byte) (i * 31 + 7);
        }
        return corrupt;
    }

    private static BufferedImage read(byte[] bytes) {
        try {
            return ImageIO.read(new ByteArrayInputStream(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] encode(BufferedImage image, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, format, out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
