package dev.visage.api.testing;

import dev.visage.testing.Fixtures;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.ConvolveOp;
import java.awt.image.Kernel;
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
        return uncached(shared(name), tag);
    }

    /** A photo's bytes made unique by trailing bytes that decoders ignore. */
    public static byte[] uncached(byte[] photo, String tag) {
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

    /**
     * The photo scaled to 640 pixels on its long side and heavily blurred (Gaussian, sigma 6 pixels): the degraded
     * copy the worker's quality calibration names LOW_SHARPNESS.
     */
    public static byte[] blurred(String name) {
        BufferedImage original = read(shared(name));
        double scale = 640.0 / Math.max(original.getWidth(), original.getHeight());
        BufferedImage small = scaled(original, scale, (int) Math.round(original.getWidth() * scale),
                (int) Math.round(original.getHeight() * scale));
        int radius = 18;
        float[] kernel = new float[2 * radius + 1];
        float sum = 0;
        for (int i = -radius; i <= radius; i++) {
            kernel[i + radius] = (float) Math.exp(-(i * i) / (2.0 * 6 * 6));
            sum += kernel[i + radius];
        }
        for (int i = 0; i < kernel.length; i++) {
            kernel[i] /= sum;
        }
        BufferedImage across = new ConvolveOp(new Kernel(kernel.length, 1, kernel), ConvolveOp.EDGE_NO_OP, null)
                .filter(small, null);
        return encode(new ConvolveOp(new Kernel(1, kernel.length, kernel), ConvolveOp.EDGE_NO_OP, null)
                .filter(across, null), "jpg");
    }

    /** Whether Java's own decoders read the photo (they read neither WebP nor every JPEG). */
    public static boolean readable(String name) {
        return read(shared(name)) != null;
    }

    /** The photo scaled to {@code longSide} pixels on its long side, as a JPEG: a small real photo. */
    public static byte[] resized(String name, int longSide) {
        BufferedImage original = read(shared(name));
        double scale = (double) longSide / Math.max(original.getWidth(), original.getHeight());
        int width = (int) Math.round(original.getWidth() * scale);
        int height = (int) Math.round(original.getHeight() * scale);
        return encode(scaled(original, scale, width, height), "jpg");
    }

    /** The photo scaled by {@code scale} and drawn at the centre of a grey canvas of the given size. */
    public static byte[] scaledOntoCanvas(String name, double scale, int width, int height) {
        return encode(scaled(read(shared(name)), scale, width, height), "jpg");
    }

    private static BufferedImage scaled(BufferedImage original, double scale, int width, int height) {
        BufferedImage canvas = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = canvas.createGraphics();
        g.setColor(new Color(128, 128, 128));
        g.fillRect(0, 0, width, height);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        int w = (int) Math.round(original.getWidth() * scale);
        int h = (int) Math.round(original.getHeight() * scale);
        g.drawImage(original, (width - w) / 2, (height - h) / 2, w, h, null);
        g.dispose();
        return canvas;
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
