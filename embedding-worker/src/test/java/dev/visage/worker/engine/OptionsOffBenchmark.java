package dev.visage.worker.engine;

import dev.visage.worker.engine.align.AlignedFace;
import dev.visage.worker.engine.decode.DecodedImage;
import dev.visage.worker.engine.detect.DetectedFace;
import dev.visage.worker.engine.quality.FaceQualityAssessor;
import dev.visage.worker.engine.quality.QualityThresholds;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * What issue 12 costs a worker when a request asks for none of its options: the path before it (decode, detect,
 * align and embed the largest face) against the path now (every face aligned and its quality measured, then the
 * largest embedded), on the deepface photos, rounds alternating so that the machine's drift hits both alike. A
 * program, not a test: {@code deploy/local/bench-options-off.sh}.
 *
 * <p>Arguments, optional: rounds (4).
 */
public final class OptionsOffBenchmark {

    private OptionsOffBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        List<byte[]> photos = EngineBenchmark.photos();
        FaceQualityAssessor quality = new FaceQualityAssessor(QualityThresholds.DEFAULTS);
        try (OnnxFaceEngine engine = OnnxFaceEngine.open(EngineSettings.defaults(Fixtures.modelsDir()))) {
            for (byte[] photo : photos) {
                run(engine, quality, photo, true);
            }
            long before = 0;
            long now = 0;
            long qualityNanos = 0;
            long faces = 0;
            for (int round = 0; round < rounds; round++) {
                long start = System.nanoTime();
                for (byte[] photo : photos) {
                    run(engine, null, photo, false);
                }
                before += System.nanoTime() - start;
                start = System.nanoTime();
                for (byte[] photo : photos) {
                    long[] measured = run(engine, quality, photo, true);
                    qualityNanos += measured[0];
                    faces += measured[1];
                }
                now += System.nanoTime() - start;
            }
            double count = (double) photos.size() * rounds;
            System.out.printf(Locale.ROOT, "%d photos x %d rounds, %d cores%n", photos.size(), rounds,
                    Runtime.getRuntime().availableProcessors());
            System.out.printf(Locale.ROOT, "before issue 12 (align and embed the largest face): %.2f photos/s%n",
                    count / (before / 1e9));
            System.out.printf(Locale.ROOT, "now, every option off (every face aligned and measured): %.2f photos/s "
                    + "(%.3f x)%n", count / (now / 1e9), (double) before / now);
            System.out.printf(Locale.ROOT, "quality: %.3f ms per face over %d faces%n", qualityNanos / 1e6 / faces,
                    faces);
        }
    }

    /** One photo through either path; the quality time and the number of faces measured. */
    private static long[] run(FaceEngine engine, FaceQualityAssessor quality, byte[] photo, boolean everyFace) {
        try (DecodedImage image = engine.decode(photo)) {
            List<DetectedFace> faces = engine.detect(image);
            if (faces.isEmpty()) {
                return new long[] {0, 0};
            }
            DetectedFace largest = faces.stream().max(Comparator.comparingDouble(DetectedFace::area)).orElseThrow();
            long qualityNanos = 0;
            AlignedFace toEmbed = null;
            for (DetectedFace face : everyFace ? faces : List.of(largest)) {
                AlignedFace aligned = engine.align(image, face);
                if (quality != null) {
                    long start = System.nanoTime();
                    quality.assess(face, aligned);
                    qualityNanos += System.nanoTime() - start;
                }
                if (face == largest) {
                    toEmbed = aligned;
                }
            }
            engine.embed(List.of(toEmbed));
            return new long[] {qualityNanos, everyFace ? faces.size() : 0};
        }
    }
}
