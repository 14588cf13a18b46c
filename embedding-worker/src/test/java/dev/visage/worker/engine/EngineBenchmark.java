package dev.visage.worker.engine;

import dev.visage.worker.engine.align.AlignedFace;
import dev.visage.worker.engine.decode.DecodedImage;
import dev.visage.worker.engine.decode.ImageDecoder;
import dev.visage.worker.engine.detect.DetectedFace;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * CPU throughput of the engine over the deepface photos: per-stage mean times for one caller, faces per second
 * for one and for several concurrent callers, and OpenCV's JPEG decoding against ImageIO's. A program, not a
 * test; see docs/engine.md for the command.
 *
 * <p>Arguments, all optional: rounds (3), concurrent callers (2), intra-op threads (0: ONNX Runtime's default),
 * embedding parallelism (2).
 */
public final class EngineBenchmark {

    private EngineBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int callers = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        EngineSettings defaults = EngineSettings.defaults(Fixtures.modelsDir());
        EngineSettings settings = new EngineSettings(defaults.modelsDir(), defaults.provider(),
                defaults.scoreThreshold(), defaults.nmsThreshold(), defaults.minFaceSize(), defaults.maxImagePixels(),
                args.length > 2 ? Integer.parseInt(args[2]) : defaults.intraOpThreads(),
                args.length > 3 ? Integer.parseInt(args[3]) : defaults.embeddingParallelism());
        List<byte[]> photos = photos();
        System.out.printf(Locale.ROOT, "%d photos, %d rounds, %d cores, intra-op threads %d, embedding "
                + "parallelism %d%n", photos.size(), rounds, Runtime.getRuntime().availableProcessors(),
                settings.intraOpThreads(), settings.embeddingParallelism());

        try (OnnxFaceEngine engine = OnnxFaceEngine.open(settings)) {
            System.out.println("execution provider: " + engine.executionProvider());
            Stages warmUp = new Stages();
            for (byte[] photo : photos) {
                warmUp.process(engine, photo);
            }

            Stages stages = new Stages();
            long start = System.nanoTime();
            for (int round = 0; round < rounds; round++) {
                for (byte[] photo : photos) {
                    stages.process(engine, photo);
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "one caller: %.1f faces/s, %.1f photos/s (%d faces in %.1f s)%n",
                    stages.faces / seconds, stages.photos / seconds, stages.faces, seconds);
            System.out.printf(Locale.ROOT, "  mean ms: decode %.1f/photo, detect %.1f/photo, align %.2f/face, "
                    + "embed %.1f/face%n", stages.decode / 1e6 / stages.photos, stages.detect / 1e6 / stages.photos,
                    stages.align / 1e6 / stages.faces, stages.embed / 1e6 / stages.faces);

            concurrently(engine, photos, rounds, callers);
        }
        compareJpegDecoders(photos, rounds);
    }

    private static void concurrently(OnnxFaceEngine engine, List<byte[]> photos, int rounds, int callers)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            List<Future<Stages>> work = new ArrayList<>();
            long start = System.nanoTime();
            for (int caller = 0; caller < callers; caller++) {
                int first = caller;
                work.add(pool.submit(() -> {
                    Stages stages = new Stages();
                    for (int round = 0; round < rounds; round++) {
                        for (int i = first; i < photos.size(); i += callers) {
                            stages.process(engine, photos.get(i));
                        }
                    }
                    return stages;
                }));
            }
            long faces = 0;
            for (Future<Stages> done : work) {
                faces += done.get().faces;
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "%d concurrent callers: %.1f faces/s%n", callers, faces / seconds);
        } finally {
            pool.shutdownNow();
        }
    }

    private static void compareJpegDecoders(List<byte[]> photos, int rounds) throws IOException {
        ImageDecoder decoder = new ImageDecoder(Long.MAX_VALUE);
        List<byte[]> jpegs = photos.stream().filter(p -> (p[0] & 0xFF) == 0xFF && (p[1] & 0xFF) == 0xD8).toList();
        long openCv = 0;
        long imageIo = 0;
        for (int round = 0; round <= rounds; round++) {
            for (byte[] jpeg : jpegs) {
                long t0 = System.nanoTime();
                decoder.decode(jpeg).close();
                long t1 = System.nanoTime();
                BufferedImage image = ImageIO.read(new ByteArrayInputStream(jpeg));
                long t2 = System.nanoTime();
                if (image == null) {
                    throw new IOException("ImageIO could not read a JPEG");
                }
                if (round > 0) {
                    openCv += t1 - t0;
                    imageIo += t2 - t1;
                }
            }
        }
        long decoded = (long) jpegs.size() * rounds;
        System.out.printf(Locale.ROOT, "JPEG decoding, %d photos: OpenCV imdecode %.1f ms/photo, ImageIO %.1f "
                + "ms/photo%n", jpegs.size(), openCv / 1e6 / decoded, imageIo / 1e6 / decoded);
    }

    static List<byte[]> photos() throws IOException {
        try (Stream<Path> files = Files.list(Fixtures.deepfaceDir())) {
            List<byte[]> photos = new ArrayList<>();
            for (Path file : files.filter(f -> f.toString().endsWith(".jpg")).sorted().toList()) {
                photos.add(Files.readAllBytes(file));
            }
            return photos;
        }
    }

    /** Time spent in each stage, summed over the photos one caller processed. */
    private static final class Stages {

        long decode;
        long detect;
        long align;
        long embed;
        long photos;
        long faces;

        void process(FaceEngine engine, byte[] photo) {
            long t0 = System.nanoTime();
            try (DecodedImage image = engine.decode(photo)) {
                long t1 = System.nanoTime();
                List<DetectedFace> found = engine.detect(image);
                long t2 = System.nanoTime();
                List<AlignedFace> aligned = new ArrayList<>(found.size());
                for (DetectedFace face : found) {
                    aligned.add(engine.align(image, face));
                }
                long t3 = System.nanoTime();
                engine.embed(aligned);
                long t4 = System.nanoTime();
                decode += t1 - t0;
                detect += t2 - t1;
                align += t3 - t2;
                embed += t4 - t3;
                photos++;
                faces += found.size();
            }
        }
    }
}
