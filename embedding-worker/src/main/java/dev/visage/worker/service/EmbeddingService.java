package dev.visage.worker.service;

import dev.visage.common.api.Elapsed;
import dev.visage.common.error.ErrorType;
import dev.visage.common.error.VisageException;
import dev.visage.common.messaging.EmbedSelection;
import dev.visage.common.messaging.EmbeddingReply;
import dev.visage.common.messaging.EmbeddingRequest;
import dev.visage.common.messaging.FaceData;
import dev.visage.common.messaging.FaceAttributes;
import dev.visage.common.messaging.FaceLiveness;
import dev.visage.common.messaging.FaceQuality;
import dev.visage.common.messaging.WorkerError;
import dev.visage.worker.config.WorkerConfig;
import dev.visage.worker.engine.EngineException;
import dev.visage.worker.engine.FaceEngine;
import dev.visage.worker.engine.align.AlignedFace;
import dev.visage.worker.engine.decode.DecodedImage;
import dev.visage.worker.engine.detect.DetectedFace;
import dev.visage.worker.engine.liveness.LivenessModel;
import dev.visage.worker.engine.quality.FaceQualityAssessor;
import dev.visage.worker.engine.quality.QualityThresholds;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Turns requests into replies with the face engine. Requests that arrive together are micro-batched: their
 * photos are decoded and searched for faces side by side, then every face of the batch that needs an
 * embedding is embedded in one call.
 */
@ApplicationScoped
public class EmbeddingService {

    private static final Logger LOG = Logger.getLogger(EmbeddingService.class);

    private final FaceEngineLoader loader;
    private final WorkerMetrics metrics;
    private final String workerId;
    private final ExecutorService photoPool;
    private final MicroBatcher<Timed, EmbeddingReply> batcher;
    private final AtomicLong batchesProcessed = new AtomicLong();
    private final int minFaceSize;
    private final FaceQualityAssessor quality = new FaceQualityAssessor(QualityThresholds.DEFAULTS);

    /** A request with the moment it reached the worker, so queue wait can be reported. */
    private record Timed(EmbeddingRequest request, long receivedNanos) {
    }

    /** One photo's state between detection and embedding. */
    private record Detected(Timed timed, DecodedImage image, List<DetectedFace> faces,
                            List<FaceData.Box> undersized, List<Integer> toEmbed, Map<String, Double> timing,
                            EmbeddingReply failure) {
    }

    /**
     * Batches processed at once. With one, a photo that arrived just after a batch closed waited for that whole batch
     * (often its own pair's other photo, embedded alone) while a core sat idle; with two, one batch can be decoded
     * and searched while the other is embedded. Detection of all batches shares the photo pool, so this adds no
     * more than one embedding run to what the cores are given.
     */
    static final int BATCHES_IN_FLIGHT = 2;

    /** At most this many undersized faces are reported: enough to say why a photo has no usable face. */
    static final int UNDERSIZED_REPORTED = 5;

    public EmbeddingService(FaceEngineLoader loader, WorkerConfig config, WorkerMetrics metrics) {
        this.loader = loader;
        this.metrics = metrics;
        this.workerId = config.id().orElseGet(EmbeddingService::hostName);
        this.minFaceSize = config.detector().minFaceSize();
        this.photoPool = Executors.newFixedThreadPool(Math.max(1, config.parallelism()), r -> {
            Thread t = new Thread(r, "photo-decode-detect");
            t.setDaemon(true);
            return t;
        });
        this.batcher = new MicroBatcher<>("embedding-batcher", config.batch().maxSize(), config.batch().maxWait(),
                config.batch().maxGap(), BATCHES_IN_FLIGHT, batch -> {
                    List<EmbeddingReply> replies = processBatch(batch);
                    metrics.recordBatch(replies);
                    return replies;
                });
    }

    void onStop(@Observes ShutdownEvent event) {
        batcher.close();
        photoPool.shutdown();
    }

    public String workerId() {
        return workerId;
    }

    /** Answers one request; it joins whatever batch is forming. */
    public CompletableFuture<EmbeddingReply> submit(EmbeddingRequest request) {
        return batcher.submit(new Timed(request, System.nanoTime()));
    }

    public long batchesProcessed() {
        return batchesProcessed.get();
    }

    List<EmbeddingReply> processBatch(List<Timed> batch) {
        batchesProcessed.incrementAndGet();
        FaceEngine engine = loader.engine().orElse(null);
        if (engine == null) {
            String why = loader.loadFailure().orElse("unknown");
            return batch.stream().map(t -> failure(t.request(), VisageException.importError("Face engine", why,
                    "Install the models with models/install.sh and restart the embedding worker."))).toList();
        }
        List<CompletableFuture<Detected>> detecting = batch.stream()
                .map(t -> CompletableFuture.supplyAsync(() -> detect(engine, t), photoPool))
                .toList();
        List<Detected> detected = detecting.stream().map(CompletableFuture::join).toList();
        try {
            return embedAndAnswer(engine, detected, batch.size());
        } finally {
            detected.stream().filter(d -> d.image() != null).forEach(d -> d.image().close());
        }
    }

    private Detected detect(FaceEngine engine, Timed timed) {
        EmbeddingRequest request = timed.request();
        Map<String, Double> timing = new LinkedHashMap<>();
        timing.put("queue_wait", Elapsed.millisSince(timed.receivedNanos()));
        DecodedImage image = null;
        try {
            long t0 = System.nanoTime();
            image = engine.decode(request.image());
            timing.put("decode", Elapsed.millisSince(t0));
            long t1 = System.nanoTime();
            List<DetectedFace> seen = engine.detect(image);
            timing.put("detect", Elapsed.millisSince(t1));
            List<DetectedFace> faces = seen.stream().filter(f -> Math.min(f.width(), f.height()) >= minFaceSize)
                    .toList();
            List<FaceData.Box> undersized = seen.stream().filter(f -> Math.min(f.width(), f.height()) < minFaceSize)
                    .sorted(Comparator.comparingDouble(DetectedFace::area).reversed()).limit(UNDERSIZED_REPORTED)
                    .map(EmbeddingService::box).toList();
            return new Detected(timed, image, faces, undersized, chooseFaces(faces, request.embed()), timing, null);
        } catch (EngineException e) {
            if (image != null) {
                image.close();
            }
            return new Detected(timed, null, List.of(), List.of(), List.of(), timing,
                    failure(request, toVisage(e, request)));
        } catch (RuntimeException e) {
            if (image != null) {
                image.close();
            }
            LOG.errorf(e, "request %s: detection failed", request.requestId());
            return new Detected(timed, null, List.of(), List.of(), List.of(), timing,
                    failure(request, VisageException.unexpected("face detection", e)));
        }
    }

    /** Indices of the faces to embed; the largest face is the one a 1:1 comparison is about. */
    static List<Integer> chooseFaces(List<DetectedFace> faces, EmbedSelection selection) {
        if (faces.isEmpty() || selection == EmbedSelection.NONE) {
            return List.of();
        }
        if (selection == EmbedSelection.ALL) {
            List<Integer> all = new ArrayList<>(faces.size());
            for (int i = 0; i < faces.size(); i++) {
                all.add(i);
            }
            return all;
        }
        int largest = 0;
        for (int i = 1; i < faces.size(); i++) {
            if (faces.get(i).area() > faces.get(largest).area()) {
                largest = i;
            }
        }
        return List.of(largest);
    }

    /**
     * Aligns every detected face, because each one's quality is measured on its aligned crop, and embeds those asked
     * for, the faces of the whole batch together.
     */
    private List<EmbeddingReply> embedAndAnswer(FaceEngine engine, List<Detected> detected, int batchSize) {
        List<AlignedFace> aligned = new ArrayList<>();
        List<List<Measured>> measuredPerPhoto = new ArrayList<>();
        List<Map<String, Double>> stageMillis = new ArrayList<>();
        for (Detected d : detected) {
            EmbeddingRequest request = d.timed().request();
            StageClock clock = new StageClock();
            List<Measured> measured = new ArrayList<>(d.faces().size());
            for (int index = 0; index < d.faces().size(); index++) {
                DetectedFace face = d.faces().get(index);
                AlignedFace crop = clock.time("align", () -> engine.align(d.image(), face));
                FaceQuality faceQuality = clock.time("quality", () -> quality.assess(face, crop));
                FaceLiveness liveness = !request.liveness() ? null : clock.time("liveness", () ->
                        new FaceLiveness(null, round4(engine.liveness(d.image(), face)), null, LivenessModel.MODEL));
                FaceAttributes attributes = request.attributes().isEmpty() ? null : clock.time("attributes",
                        () -> engine.attributes(d.image(), face, request.attributes()));
                measured.add(new Measured(faceQuality, liveness, attributes));
                if (d.toEmbed().contains(index)) {
                    aligned.add(crop);
                }
            }
            measuredPerPhoto.add(measured);
            stageMillis.add(clock.millis());
        }
        List<float[]> embeddings;
        long t = System.nanoTime();
        try {
            embeddings = aligned.isEmpty() ? List.of() : engine.embed(aligned);
        } catch (RuntimeException e) {
            LOG.errorf(e, "embedding a batch of %d faces failed", aligned.size());
            VisageException failure = e instanceof EngineException ee ? toVisage(ee, null)
                    : VisageException.unexpected("face embedding", e);
            return detected.stream().map(d -> d.failure() != null ? d.failure() : failure(d.timed().request(), failure))
                    .toList();
        }
        double embedMillis = Elapsed.millisSince(t);

        List<EmbeddingReply> replies = new ArrayList<>(detected.size());
        int next = 0;
        for (int k = 0; k < detected.size(); k++) {
            Detected d = detected.get(k);
            if (d.failure() != null) {
                replies.add(d.failure());
                continue;
            }
            List<FaceData> faces = new ArrayList<>(d.faces().size());
            for (int index = 0; index < d.faces().size(); index++) {
                Measured measured = measuredPerPhoto.get(k).get(index);
                faces.add(toFaceData(d.faces().get(index), measured));
            }
            for (int index : d.toEmbed()) {
                faces.set(index, faces.get(index).withEmbedding(embeddings.get(next++)));
            }
            Map<String, Double> timing = new LinkedHashMap<>(d.timing());
            timing.putAll(stageMillis.get(k));
            timing.put("embed", d.toEmbed().isEmpty() ? 0.0 : embedMillis);
            replies.add(new EmbeddingReply(d.timed().request().requestId(), workerId, engine.modelName(),
                    engine.executionProvider().chosen().name(), d.image().width(), d.image().height(), faces,
                    d.undersized().isEmpty() ? null : d.undersized(), timing, batchSize, null));
        }
        return replies;
    }

    /** What the worker measured of one face besides its embedding. */
    private record Measured(FaceQuality quality, FaceLiveness liveness, FaceAttributes attributes) {
    }

    /**
     * Time per stage of one photo, summed over its faces: align and quality always, liveness and attributes when
     * asked for, so that {@code visage_worker_stage_seconds} shows what each option costs.
     */
    private static final class StageClock {
        private final Map<String, Double> millis = new LinkedHashMap<>();

        StageClock() {
            millis.put("align", 0.0);
            millis.put("quality", 0.0);
        }

        <T> T time(String stage, Supplier<T> work) {
            long start = System.nanoTime();
            try {
                return work.get();
            } finally {
                millis.merge(stage, Elapsed.millisSince(start), Double::sum);
            }
        }

        Map<String, Double> millis() {
            return millis;
        }
    }

    private static double round4(double value) {
        return Math.round(value * 10_000) / 10_000.0;
    }

    private static FaceData toFaceData(DetectedFace face, Measured measured) {
        float[] p = face.landmarks();
        return new FaceData(
                box(face),
                new FaceData.Landmarks(point(p, 0), point(p, 1), point(p, 2), point(p, 3), point(p, 4)),
                Math.round(face.score() * 10_000) / 10_000.0,
                measured.quality(),
                measured.liveness(),
                measured.attributes(),
                null);
    }

    private static FaceData.Box box(DetectedFace face) {
        return new FaceData.Box(round(face.x()), round(face.y()), round(face.width()), round(face.height()));
    }

    private static double[] point(float[] landmarks, int i) {
        return new double[] {round(landmarks[2 * i]), round(landmarks[2 * i + 1])};
    }

    private static double round(float v) {
        return Math.round(v * 10) / 10.0;
    }

    private static VisageException toVisage(EngineException e, EmbeddingRequest request) {
        String image = request == null ? null : request.imageName();
        return switch (e.kind()) {
            case UNDECODABLE_IMAGE -> VisageException.builder(ErrorType.VALIDATION_ERROR,
                            "The photo " + image + " could not be decoded")
                    .image(image).details(e.getMessage())
                    .suggestion("Send a complete JPEG, PNG, WebP or BMP photo.").build();
            case IMAGE_TOO_LARGE -> VisageException.tooManyPixels(image, e.getMessage());
            case MODEL_UNAVAILABLE -> VisageException.importError("Face engine", e.getMessage(),
                    "Install the models with models/install.sh and restart the embedding worker.");
            case INFERENCE_FAILED -> VisageException.unexpected("face inference", e);
        };
    }

    private EmbeddingReply failure(EmbeddingRequest request, VisageException e) {
        return EmbeddingReply.failure(request.requestId(), workerId, WorkerError.from(e));
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "embedding-worker";
        }
    }
}
