package dev.visage.worker.engine;

import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.visage.worker.engine.align.AlignedFace;
import dev.visage.worker.engine.decode.DecodedImage;
import dev.visage.worker.engine.detect.DetectedFace;
import dev.visage.worker.engine.detect.Letterbox;
import dev.visage.worker.engine.detect.YuNetFaceDetector;
import dev.visage.worker.engine.runtime.ExecutionProvider;
import dev.visage.worker.engine.runtime.ExecutionProviders;
import dev.visage.worker.engine.runtime.ModelFiles;
import dev.visage.worker.engine.runtime.OnnxRuntimeEnvironment;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * The whole path in one run, on the same machine and photos, so that each layer is judged against the one below:
 * (a) ONNX Runtime alone running the engine's two models at the input sizes the engine gives them (one detector
 * pass per photo, one embedding per face, random input: the bound), (b) the engine (decode, detect, align, embed),
 * (c) the REST API of a running suite under a loopback load of uncached verifies at several concurrencies. Two
 * photo sets: tight 150x150 face crops (as apps send after detecting on the device) and the deepface phone
 * photos as they are. A program, not a test: {@code deploy/local/bench-path.sh} runs it (docs/benchmarks.md).
 *
 * <p>Options: {@code --rounds=N} (bound passes over a set, 2), {@code --engine-seconds=N} (per engine
 * measure, 10, at most 60), {@code --seconds=N} (per API load level, 10, at most 60), {@code --warm-up=N}
 * (seconds of uncounted load before a set's first level, 10, at most 60), {@code --concurrency=1,2,8,16},
 * {@code --api=http://127.0.0.1:8080} (loopback only; the API key in the system property {@code visage.api.key},
 * which bench-path.sh makes for the run; without it the API part is skipped), {@code --sets=crops,phone}.
 */
public final class PathBenchmark {

    private static final int CROP_SIZE = 150;
    private static final int CROPS = 40;
    private static final byte[] CRLF = {'\r', '\n'};
    private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "[::1]", "::1");

    private PathBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        int rounds = Integer.parseInt(options.getOrDefault("rounds", "2"));
        int seconds = Math.min(60, Integer.parseInt(options.getOrDefault("seconds", "10")));
        int engineSeconds = Math.min(60, Integer.parseInt(options.getOrDefault("engine-seconds", "10")));
        int warmUpSeconds = Math.min(60, Integer.parseInt(options.getOrDefault("warm-up", "10")));
        int[] levels = Arrays.stream(options.getOrDefault("concurrency", "1,2,8,16").split(","))
                .mapToInt(Integer::parseInt).toArray();
        String api = options.get("api");
        if (api != null && !LOOPBACK.contains(URI.create(api).getHost())) {
            throw new IllegalArgumentException("--api must be a loopback address, not " + api);
        }
        int cores = Runtime.getRuntime().availableProcessors();
        EngineSettings settings = EngineSettings.defaults(Fixtures.modelsDir());
        System.out.printf(Locale.ROOT, "whole path: %d cores, Java %s, intra-op threads %d, embedding "
                + "parallelism %d%n", cores, Runtime.version(), settings.intraOpThreads(),
                settings.embeddingParallelism());

        try (OnnxFaceEngine engine = OnnxFaceEngine.open(settings)) {
            for (String set : options.getOrDefault("sets", "crops,phone").split(",")) {
                List<byte[]> photos = set.equals("crops") ? crops(engine) : phonePhotos();
                System.out.printf(Locale.ROOT, "%n== %s: %d photos%n", set, photos.size());
                List<Work> work = profile(engine, photos);
                double bound1 = ortBound(settings, work, rounds, 1);
                double boundN = ortBound(settings, work, rounds, cores);
                System.out.printf(Locale.ROOT, "(a) ONNX Runtime alone: %.1f photos/s one caller, %.1f photos/s "
                        + "%d callers%n", bound1, boundN, cores);
                photos.forEach(photo -> process(engine, photo));
                double engine1 = engineRate(engine, photos, 1, engineSeconds);
                double engineN = engineRate(engine, photos, cores, engineSeconds);
                System.out.printf(Locale.ROOT, "(b) engine: %.1f photos/s one caller (%.2f x bound), %.1f photos/s "
                        + "%d callers (%.2f x bound)%n", engine1, engine1 / bound1, engineN, cores, engineN / boundN);
                if (api != null) {
                    // A suite just started by up.sh is still compiling its hot paths: the first level would pay.
                    Load warmUp = load(api, photos, cores, warmUpSeconds);
                    System.out.printf(Locale.ROOT, "(c) warm-up, %d s at concurrency %d: %d requests, not counted%n",
                            warmUpSeconds, cores, warmUp.requests());
                    List<Load> loads = new ArrayList<>();
                    for (int level : levels) {
                        loads.add(load(api, photos, level, seconds));
                    }
                    // This VM's speed drifts by a fifth within minutes (the bound read 54 to 74 photos/s in one
                    // hour): the engine is measured again after the levels, and each level judged against the
                    // mean of the two measures rather than against whichever phase the first one fell in.
                    double engineAfter = engineRate(engine, photos, cores, engineSeconds);
                    double reference = Math.max(engine1, (engineN + engineAfter) / 2);
                    System.out.printf(Locale.ROOT, "(b) engine after the levels: %.1f photos/s %d callers; REST is "
                            + "judged against %.1f photos/s%n", engineAfter, cores, reference);
                    for (int i = 0; i < levels.length; i++) {
                        int level = levels[i];
                        Load load = loads.get(i);
                        System.out.printf(Locale.ROOT, "(c) REST verify, concurrency %2d: %.1f photos/s (%.2f x "
                                        + "engine), p50 %.0f ms, p99 %.0f ms, face-api p50 %.0f ms, worker p50 %.0f ms, "
                                        + "over the worker p50 %.0f ms, "
                                        + "%d requests, %d failed%n", level, load.photosPerSecond(),
                                load.photosPerSecond() / reference, load.p50(), load.p99(),
                                load.serviceP50(), load.workerP50(), load.overWorkerP50(), load.requests(),
                                load.failed());
                    }
                }
            }
        }
    }

    /** What the models must do for one photo: one detector pass at this input size, one embedding per face. */
    private record Work(int inputWidth, int inputHeight, int faces) {
    }

    private static List<Work> profile(OnnxFaceEngine engine, List<byte[]> photos) {
        List<Work> work = new ArrayList<>();
        for (byte[] photo : photos) {
            try (DecodedImage image = engine.decode(photo)) {
                int faces = engine.detect(image).size();
                Letterbox input = Letterbox.own(image.mat().cols(), image.mat().rows(),
                        YuNetFaceDetector.INPUT_SIZE, YuNetFaceDetector.INPUT_MULTIPLE);
                work.add(new Work(input.inputWidth(), input.inputHeight(), faces));
            }
        }
        return work;
    }

    private static double ortBound(EngineSettings settings, List<Work> work, int rounds, int callers)
            throws Exception {
        OrtEnvironment environment = OnnxRuntimeEnvironment.get();
        ModelFiles models = ModelFiles.locate(settings.modelsDir());
        try (OrtSession.SessionOptions options =
                     ExecutionProviders.sessionOptions(ExecutionProvider.CPU, settings.intraOpThreads());
             OrtSession detector = environment.createSession(models.detector().toString(), options);
             OrtSession recognition = environment.createSession(models.recognition().toString(), options)) {
            String detectorInput = detector.getInputNames().iterator().next();
            String recognitionInput = recognition.getInputNames().iterator().next();
            Random random = new Random(7);
            float[] face = randomValues(random, 3 * AlignedFace.SIZE * AlignedFace.SIZE, -1, 1);
            float[] pixels = randomValues(random, 3 * YuNetFaceDetector.INPUT_SIZE * YuNetFaceDetector.INPUT_SIZE,
                    0, 255);
            Runnable warmUp = () -> work.forEach(w -> runModels(environment, detector, detectorInput, recognition,
                    recognitionInput, w, pixels, face));
            warmUp.run();
            return perSecond(callers, (caller) -> {
                int done = 0;
                for (int round = 0; round < rounds; round++) {
                    for (int i = caller; i < work.size(); i += callers) {
                        runModels(environment, detector, detectorInput, recognition, recognitionInput, work.get(i),
                                pixels, face);
                        done++;
                    }
                }
                return done;
            });
        }
    }

    private static void runModels(OrtEnvironment environment, OrtSession detector, String detectorInput,
                                  OrtSession recognition, String recognitionInput, Work work, float[] pixels,
                                  float[] face) {
        long[] detectorShape = {1, 3, work.inputHeight(), work.inputWidth()};
        long[] faceShape = {1, 3, AlignedFace.SIZE, AlignedFace.SIZE};
        try (OnnxTensor input = OnnxTensor.createTensor(environment,
                FloatBuffer.wrap(pixels, 0, 3 * work.inputHeight() * work.inputWidth()), detectorShape);
             OrtSession.Result ignored = detector.run(Map.of(detectorInput, input))) {
            for (int f = 0; f < work.faces(); f++) {
                try (OnnxTensor crop = OnnxTensor.createTensor(environment, FloatBuffer.wrap(face), faceShape);
                     OrtSession.Result embedded = recognition.run(Map.of(recognitionInput, crop))) {
                    embedded.get(0);
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The engine's rate with {@code callers} threads taking the set's photos in turn for {@code seconds}: as long as
     * a REST level, so that the ratio compares like with like (a pass over 61 phone photos lasts under two seconds,
     * and its last photos ran on one core while the other caller had finished).
     */
    private static double engineRate(OnnxFaceEngine engine, List<byte[]> photos, int callers, int seconds)
            throws Exception {
        AtomicLong next = new AtomicLong();
        long until = System.nanoTime() + seconds * 1_000_000_000L;
        return perSecond(callers, caller -> {
            int done = 0;
            while (System.nanoTime() < until) {
                process(engine, photos.get((int) (next.getAndIncrement() % photos.size())));
                done++;
            }
            return done;
        });
    }

    private static void process(OnnxFaceEngine engine, byte[] photo) {
        try (DecodedImage image = engine.decode(photo)) {
            List<AlignedFace> aligned = new ArrayList<>();
            for (DetectedFace face : engine.detect(image)) {
                aligned.add(engine.align(image, face));
            }
            engine.embed(aligned);
        }
    }

    /** One caller's share of a measure; returns how many photos it processed. */
    private interface Caller {
        int run(int caller) throws Exception;
    }

    /** The photos that {@code callers} threads side by side process, per second until the last one finishes. */
    private static double perSecond(int callers, Caller body) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            long start = System.nanoTime();
            List<Future<Integer>> running = new ArrayList<>();
            for (int c = 0; c < callers; c++) {
                int caller = c;
                running.add(pool.submit(() -> body.run(caller)));
            }
            long items = 0;
            for (Future<Integer> f : running) {
                items += f.get();
            }
            return items / ((System.nanoTime() - start) / 1e9);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * serviceP50: face-api's own time (its {@code timing_ms.total}: photos validated to both answers in);
     * overWorkerP50: the median of each verify's time at the client less the worker's time for its photos, the
     * cost of the service around the engine (the difference of the two medians mixes different requests).
     */
    private record Load(double photosPerSecond, double p50, double p99, double serviceP50, double workerP50,
                        double overWorkerP50, int requests, long failed) {
    }

    /**
     * {@code concurrency} clients verify pairs of the set's photos for {@code seconds} (after two seconds of
     * warm-up), each photo made unique by trailing bytes that decoders ignore, so no answer comes from the cache.
     */
    private static Load load(String api, List<byte[]> photos, int concurrency, int seconds) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        ObjectMapper json = new ObjectMapper();
        AtomicLong sequence = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        List<double[]> timings = Collections.synchronizedList(new ArrayList<>());
        long warmUntil = System.nanoTime() + 2_000_000_000L;
        long measureUntil = warmUntil + seconds * 1_000_000_000L;
        ExecutorService clients = Executors.newFixedThreadPool(concurrency);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < concurrency; c++) {
                running.add(clients.submit(() -> {
                    while (System.nanoTime() < measureUntil) {
                        long n = sequence.getAndIncrement();
                        HttpRequest request = verify(api, photos.get((int) (n % photos.size())),
                                photos.get((int) ((n + 1) % photos.size())), n);
                        long t0 = System.nanoTime();
                        HttpResponse<String> response = http.send(request,
                                HttpResponse.BodyHandlers.ofString());
                        long t1 = System.nanoTime();
                        if (t0 < warmUntil || t1 > measureUntil) {
                            continue;
                        }
                        if (response.statusCode() != 200) {
                            failed.incrementAndGet();
                            continue;
                        }
                        JsonNode timing = json.readTree(response.body()).path("data").path("timing_ms");
                        timings.add(new double[] {(t1 - t0) / 1e6,
                                Math.max(workerMillis(timing.path("image1")), workerMillis(timing.path("image2"))),
                                timing.path("total").asDouble(0)});
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
        } finally {
            clients.shutdownNow();
        }
        double[] totals = timings.stream().mapToDouble(t -> t[0]).sorted().toArray();
        double[] workers = timings.stream().mapToDouble(t -> t[1]).sorted().toArray();
        double[] services = timings.stream().mapToDouble(t -> t[2]).sorted().toArray();
        double[] overWorker = timings.stream().mapToDouble(t -> t[0] - t[1]).sorted().toArray();
        return new Load(2.0 * totals.length / seconds, percentile(totals, 50), percentile(totals, 99),
                percentile(services, 50), percentile(workers, 50), percentile(overWorker, 50), totals.length,
                failed.get());
    }

    /** The worker's own time for one photo: waiting in its queue, then every stage. */
    private static double workerMillis(JsonNode timing) {
        double total = 0;
        for (String stage : List.of("queue_wait", "decode", "detect", "align", "embed")) {
            total += timing.path(stage).asDouble(0);
        }
        return total;
    }

    /**
     * A verify of the two photos, each made unique by trailing bytes that decoders ignore. The body is written
     * once into an array of its exact size: the generator shares the cores with the suite, and building megabyte
     * bodies through growing buffers cost it copies the service is then charged for.
     */
    private static HttpRequest verify(String api, byte[] first, byte[] second, long n) {
        String boundary = "visage-bench-" + Long.toHexString(System.nanoTime());
        byte[][] pieces = {
            partHead(boundary, "image1"), first, unique(n, 1), CRLF,
            partHead(boundary, "image2"), second, unique(n, 2), CRLF,
            ("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII)};
        byte[] body = new byte[Arrays.stream(pieces).mapToInt(piece -> piece.length).sum()];
        int at = 0;
        for (byte[] piece : pieces) {
            System.arraycopy(piece, 0, body, at, piece.length);
            at += piece.length;
        }
        return HttpRequest.newBuilder(URI.create(api + "/api/v1/verify"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .header("Authorization", "Bearer " + System.getProperty("visage.api.key", ""))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    private static byte[] partHead(String boundary, String name) {
        return ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\"" + name
                + ".jpg\"\r\nContent-Type: image/jpeg\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] unique(long n, int which) {
        return ("visage-bench-" + n + "-" + which + "-" + System.nanoTime()).getBytes(StandardCharsets.US_ASCII);
    }

    private static double percentile(double[] sorted, int p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    private static List<byte[]> phonePhotos() throws IOException {
        List<byte[]> photos = new ArrayList<>();
        for (Path file : portraits()) {
            photos.add(Files.readAllBytes(file));
        }
        return photos;
    }

    /** The face box of the first portraits' best face, cut square and scaled to 150x150, as a JPEG. */
    private static List<byte[]> crops(OnnxFaceEngine engine) throws IOException {
        List<byte[]> crops = new ArrayList<>();
        for (Path file : portraits()) {
            if (crops.size() == CROPS) {
                break;
            }
            try (DecodedImage image = engine.decode(Files.readAllBytes(file))) {
                List<DetectedFace> faces = engine.detect(image);
                if (faces.isEmpty()) {
                    continue;
                }
                DetectedFace face = faces.get(0);
                Mat full = image.fullSize();
                int side = (int) Math.min(Math.max(face.width(), face.height()),
                        Math.min(full.cols(), full.rows()));
                int x = (int) Math.max(0, Math.min(full.cols() - side, face.x() + face.width() / 2 - side / 2f));
                int y = (int) Math.max(0, Math.min(full.rows() - side, face.y() + face.height() / 2 - side / 2f));
                try (Rect box = new Rect(x, y, side, side); Mat roi = full.apply(box); Mat small = new Mat();
                     Size size = new Size(CROP_SIZE, CROP_SIZE)) {
                    resize(roi, small, size, 0, 0, INTER_AREA);
                    crops.add(Fixtures.encode(small, ".jpg"));
                }
            }
        }
        return crops;
    }

    private static List<Path> portraits() throws IOException {
        try (Stream<Path> files = Files.list(Fixtures.deepfaceDir())) {
            return files.filter(f -> f.getFileName().toString().matches("img\\d+\\.jpg")).sorted().toList();
        }
    }

    private static float[] randomValues(Random random, int count, float low, float high) {
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = low + random.nextFloat() * (high - low);
        }
        return values;
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("options are --name=value, not " + arg);
            }
            options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        return options;
    }
}
