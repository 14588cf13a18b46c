package dev.visage.worker.engine.quality;

import dev.visage.common.messaging.FaceQuality;
import dev.visage.common.messaging.FaceQuality.Level;
import dev.visage.worker.engine.Fixtures;
import dev.visage.worker.engine.OnnxFaceEngine;
import dev.visage.worker.engine.decode.DecodedImage;
import dev.visage.worker.engine.detect.DetectedFace;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;
import static org.bytedeco.opencv.global.opencv_imgproc.GaussianBlur;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The quality thresholds against real photos: the largest face of every deepface portrait must be fit for
 * recognition (medium or high), and degraded copies of them (shrunk, blurred, darkened) must be named for what was
 * done to them. Pose is tested on exact landmarks ({@code FaceQualityAssessorTest}): on a photo rotated in the plane
 * YuNet's landmarks lean back towards upright, so a rotated photo reads as less rotated than it is. Running it prints each measurement's spread, from which the thresholds were chosen.
 */
class FaceQualityCalibrationTest {

    private static final FaceQualityAssessor ASSESSOR = new FaceQualityAssessor(QualityThresholds.DEFAULTS);
    private static final List<String> PORTRAITS = List.of("img1.jpg", "img2.jpg", "img4.jpg", "img5.jpg",
            "img6.jpg", "img7.jpg", "img10.jpg", "img11.jpg", "img17.jpg", "img22.jpg", "img33.jpg", "img40.jpg");

    private static OnnxFaceEngine engine;
    private static List<FaceQuality> real;

    @BeforeAll
    static void measureEveryPortrait() throws IOException {
        engine = Fixtures.openEngine();
        real = new ArrayList<>();
        try (Stream<java.nio.file.Path> photos = Files.list(Fixtures.deepfaceDir())) {
            for (String name : photos.map(p -> p.getFileName().toString())
                    .filter(n -> n.matches("img\\d+\\.jpg")).sorted().toList()) {
                FaceQuality quality = largest(Fixtures.photo(name));
                if (quality != null) {
                    real.add(quality);
                }
            }
        }
        print("sharpness", FaceQuality::sharpness);
        print("brightness", FaceQuality::brightness);
        print("contrast", FaceQuality::contrast);
        print("inter-eye px", FaceQuality::interEyeDistance);
        print("|yaw|", q -> Math.abs(q.yaw()));
        print("|pitch|", q -> Math.abs(q.pitch()));
        print("|roll|", q -> Math.abs(q.roll()));
        System.out.printf(Locale.ROOT, "%d portraits: %d high, %d medium, %d low%n", real.size(),
                real.stream().filter(q -> q.forRecognition() == Level.HIGH).count(),
                real.stream().filter(q -> q.forRecognition() == Level.MEDIUM).count(),
                real.stream().filter(q -> q.forRecognition() == Level.LOW).count());
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    @Test
    void everyRealPortraitIsFitForRecognition() {
        assertTrue(real.size() >= 55, "portraits measured: " + real.size());
        for (FaceQuality quality : real) {
            assertTrue(quality.forRecognition().atLeast(Level.MEDIUM), quality.toString());
        }
        assertTrue(real.stream().filter(q -> q.forRecognition() == Level.HIGH).count() >= real.size() * 0.8,
                "most portraits are high");
    }

    @Test
    void aFaceShrunkToAFewPixelsIsASmallBoundingBox() {
        for (String name : PORTRAITS) {
            FaceQuality quality = degraded(name, image -> scaled(image, 60.0 / image.cols()));
            if (quality != null) {
                assertEquals(Level.LOW, quality.forRecognition(), name + " " + quality);
                assertTrue(quality.reasons().contains(FaceQuality.SMALL_BOUNDING_BOX), name + " " + quality);
            }
        }
    }

    @Test
    void aBlurredFaceHasLowSharpness() {
        for (String name : PORTRAITS) {
            FaceQuality quality = degraded(name, image -> {
                Mat small = scaled(image, 640.0 / Math.max(image.cols(), image.rows()));
                Mat blurred = new Mat();
                GaussianBlur(small, blurred, new Size(0, 0), 6);
                return blurred;
            });
            assertTrue(quality != null && quality.reasons().contains(FaceQuality.LOW_SHARPNESS),
                    name + " " + quality);
        }
    }

    @Test
    void aDarkenedFaceHasLowBrightness() {
        for (String name : PORTRAITS) {
            FaceQuality quality = degraded(name, image -> {
                Mat dark = new Mat();
                image.convertTo(dark, -1, 0.2, 0);
                return dark;
            });
            if (quality != null) {
                assertTrue(quality.reasons().contains(FaceQuality.LOW_BRIGHTNESS), name + " " + quality);
                assertEquals(Level.LOW, quality.forRecognition(), name + " " + quality);
            }
        }
    }

    private interface Degradation {
        Mat apply(Mat image);
    }

    private static FaceQuality degraded(String name, Degradation degradation) {
        byte[] bytes = Fixtures.photo(name);
        try (Mat encoded = new Mat(1, bytes.length, org.bytedeco.opencv.global.opencv_core.CV_8U)) {
            encoded.data().put(bytes);
            Mat image = imdecode(encoded, IMREAD_COLOR);
            Mat changed = degradation.apply(image);
            return largest(Fixtures.encode(changed, ".png"));
        }
    }

    private static Mat scaled(Mat image, double factor) {
        Mat small = new Mat();
        resize(image, small, new Size((int) Math.round(image.cols() * factor), (int) Math.round(image.rows() * factor)),
                0, 0, INTER_AREA);
        return small;
    }

    /** The largest face's quality, or null when the detector finds none (a degradation may hide the face). */
    private static FaceQuality largest(byte[] photo) {
        try (DecodedImage image = engine.decode(photo)) {
            return engine.detect(image).stream().max(Comparator.comparingDouble(DetectedFace::area))
                    .map(face -> ASSESSOR.assess(face, engine.align(image, face))).orElse(null);
        }
    }

    private static void print(String what, ToDoubleFunction<FaceQuality> measure) {
        double[] values = real.stream().mapToDouble(measure).sorted().toArray();
        System.out.printf(Locale.ROOT, "%-13s min %8.1f  p5 %8.1f  median %8.1f  p95 %8.1f  max %8.1f%n", what,
                values[0], values[(int) (values.length * 0.05)], values[values.length / 2],
                values[(int) (values.length * 0.95)], values[values.length - 1]);
    }
}
